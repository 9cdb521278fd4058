package io.cocoi.operators.stream;

import io.cocoi.operators.serial.BulkFloatArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The payload of one coded result, kept beside a decode window instead of in its state; a POJO so
 * that {@link HoldResults} can checkpoint it.
 */
public class HeldResult {

    public String traceKey;

    public int taskIndex;

    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] payload;

    /** The end of the result's window: after it nothing can ask for the payload. */
    public long expiresAtMs;

    public HeldResult() {}

    HeldResult(String traceKey, int taskIndex, float[] payload, long expiresAtMs) {
        this.traceKey = traceKey;
        this.taskIndex = taskIndex;
        this.payload = payload;
        this.expiresAtMs = expiresAtMs;
    }

    @Override
    public String toString() {
        return "HeldResult{%s, task %d, %d floats}"
                .formatted(traceKey, taskIndex, payload == null ? 0 : payload.length);
    }
}
