package io.cocoi.operators.stream;

import io.cocoi.operators.serial.BulkFloatArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A request's layer input and skip tensor, kept by the master while the layer's workers run; a POJO
 * so that {@link SplitEncode} can checkpoint it.
 */
public class HeldInput {

    public String traceKey;

    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] activation;

    /** The residual block's saved tensor, or null. */
    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] skip;

    /** After this wall-clock time no decode window can still ask for it. */
    public long expiresAtMs;

    public HeldInput() {}

    HeldInput(String traceKey, float[] activation, float[] skip, long expiresAtMs) {
        this.traceKey = traceKey;
        this.activation = activation;
        this.skip = skip;
        this.expiresAtMs = expiresAtMs;
    }

    @Override
    public String toString() {
        return "HeldInput{%s, %d floats, skip %d floats}"
                .formatted(
                        traceKey,
                        activation == null ? 0 : activation.length,
                        skip == null ? 0 : skip.length);
    }
}
