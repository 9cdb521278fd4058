package io.cocoi.operators.stream;

import io.cocoi.operators.serial.BulkFloatArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One inference request as it moves through the master's operators: the current activation, a saved
 * skip tensor (ResNet), and the trace of every type-1 layer it has passed. Arrays in the trace have
 * one entry per type-1 layer of the plan.
 */
public class RequestState {

    public String requestId;

    /**
     * Unique per Kafka record (request id, partition and offset), so a request id sent twice gives
     * two independent windows; stable across replays after a recovery.
     */
    public String traceKey;

    public String model;

    /** When the producer says it submitted the image (header), or when the job read it. */
    public long submittedAtMs;

    /** When the job read it from Kafka. */
    public long receivedAtMs;

    /** The step of the model graph to run next. */
    public int nextStep;

    /** The current activation, C×H×W. */
    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] activation;

    /** The tensor a residual block saved, or null. */
    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] skip;

    /**
     * In a decode window's context: the master kept {@link #activation} and {@link #skip} in memory
     * ({@link HeldInputs}) instead of sending them, and both are null here.
     */
    public boolean inputHeld;

    /** The skip slot {@link #skip} belongs to, or null. */
    public String skipSlot;

    /** Whether the producer asked for the logits in the result. */
    public boolean wantLogits;

    /** When the current layer's tasks were sent. */
    public long encodedAtMs;

    /**
     * With device emulation, when the master's emulated W_O mod k remainder of the current layer is
     * done (the layer cannot be decoded earlier); 0 otherwise.
     */
    public long remainderDoneAtMs;

    /** The deadline of the layer being decoded, when this state is a decode window's context. */
    public long deadlineMs;

    /** Per type-1 layer: the k it was split into. */
    public int[] layerK;

    /** Per type-1 layer: n, the coded tasks sent (fewer than submitted after losing workers). */
    public int[] layerWorkers;

    /** Per type-1 layer: the tasks whose results were decoded, as a bit mask (task i = bit i). */
    public long[] usedTasks;

    /** Per type-1 layer: split and encode time at the master. */
    public float[] encodeMs;

    /** Per type-1 layer: from the end of encoding to the decode window firing. */
    public float[] waitMs;

    /** Per type-1 layer: decode, remainder and bias time at the master. */
    public float[] decodeMs;

    /** Per type-1 layer: the longest task time among the workers whose results were decoded. */
    public float[] slowestUsedTaskMs;

    /** Per type-1 layer: the partitions re-executed on other workers (uncoded only). */
    public int[] redispatchedTasks;

    /** Per type-1 layer: whether the deadline passed and the master recovered partitions. */
    public boolean[] degraded;

    public RequestState() {}

    /** A new request with an empty trace for {@code type1Layers} layers. */
    public static RequestState start(
            String requestId,
            String model,
            long submittedAtMs,
            long receivedAtMs,
            float[] input,
            int type1Layers) {
        RequestState state = new RequestState();
        state.requestId = requestId;
        state.traceKey = requestId;
        state.model = model;
        state.submittedAtMs = submittedAtMs;
        state.receivedAtMs = receivedAtMs;
        state.activation = input;
        state.layerK = new int[type1Layers];
        state.layerWorkers = new int[type1Layers];
        state.redispatchedTasks = new int[type1Layers];
        state.usedTasks = new long[type1Layers];
        state.encodeMs = new float[type1Layers];
        state.waitMs = new float[type1Layers];
        state.decodeMs = new float[type1Layers];
        state.slowestUsedTaskMs = new float[type1Layers];
        state.degraded = new boolean[type1Layers];
        return state;
    }

    public boolean anyDegraded() {
        for (boolean layer : degraded) {
            if (layer) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "RequestState{request=%s, model=%s, step=%d, %d floats}"
                .formatted(requestId, model, nextStep, activation == null ? 0 : activation.length);
    }
}
