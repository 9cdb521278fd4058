package io.cocoi.operators.stream;

import io.cocoi.operators.serial.BulkFloatArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A worker's bias-free convolution of one {@link CodedTask}, on its way back to the master; or,
 * with {@link #failed} set and no payload, the worker's signal that it failed the task.
 */
public class CodedResult {

    public String requestId;

    public int layer;

    public int taskIndex;

    /** n of the task's plan. */
    public int workers;

    /** k of the task's plan. */
    public int k;

    public long deadlineMs;

    /** Wall-clock time the master sent the task. */
    public long dispatchedAtMs;

    /** C_O × slab output height × slab output width floats. */
    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] payload;

    /** The worker signals that it failed the task; the payload is null. */
    public boolean failed;

    /** The payload was taken off on the way into a decode window and is held beside it. */
    public boolean payloadHeld;

    /** The worker subtask that computed it. */
    public int workerSubtask;

    /**
     * The parallelism of the worker operator that computed it: n' when the job runs on fewer
     * workers than it was submitted for; 0 when unknown.
     */
    public int workerParallelism;

    /** How long the worker took for the task, injected slowdown included, in microseconds. */
    public long computeMicros;

    public CodedResult() {}

    public CodedResult(CodedTask task, float[] payload, int workerSubtask, long computeMicros) {
        this.requestId = task.requestId;
        this.layer = task.layer;
        this.taskIndex = task.taskIndex;
        this.workers = task.workers;
        this.k = task.k;
        this.deadlineMs = task.deadlineMs;
        this.dispatchedAtMs = task.dispatchedAtMs;
        this.payload = payload;
        this.workerSubtask = workerSubtask;
        this.computeMicros = computeMicros;
    }

    /** Worker {@code workerSubtask}'s signal that it failed {@code task}. */
    public static CodedResult failure(CodedTask task, int workerSubtask) {
        CodedResult result = new CodedResult(task, null, workerSubtask, 0);
        result.failed = true;
        return result;
    }

    /** A copy of this result for a decode window with deadline {@code deadlineMs}. */
    public CodedResult withDeadline(long deadlineMs) {
        CodedResult copy = new CodedResult();
        copy.requestId = requestId;
        copy.layer = layer;
        copy.taskIndex = taskIndex;
        copy.workers = workers;
        copy.k = k;
        copy.deadlineMs = deadlineMs;
        copy.dispatchedAtMs = dispatchedAtMs;
        copy.payload = payload;
        copy.failed = failed;
        copy.payloadHeld = payloadHeld;
        copy.workerSubtask = workerSubtask;
        copy.workerParallelism = workerParallelism;
        copy.computeMicros = computeMicros;
        return copy;
    }

    @Override
    public String toString() {
        return "CodedResult{request=%s, layer=%d, task=%d of n=%d, k=%d, worker=%d, %s}"
                .formatted(
                        requestId,
                        layer,
                        taskIndex,
                        workers,
                        k,
                        workerSubtask,
                        failed ? "failed" : (payload == null ? 0 : payload.length) + " floats");
    }
}
