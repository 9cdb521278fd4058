package io.cocoi.operators.stream;

/** A worker's bias-free convolution of one {@link CodedTask}, on its way back to the master. */
public class CodedResult {

    public String requestId;

    public int layer;

    public int taskIndex;

    public long deadlineMs;

    /** C_O × slab output height × slab output width floats. */
    public float[] payload;

    /** The worker subtask that computed it. */
    public int workerSubtask;

    /** How long the worker took for the task, injected slowdown included, in microseconds. */
    public long computeMicros;

    public CodedResult() {}

    public CodedResult(CodedTask task, float[] payload, int workerSubtask, long computeMicros) {
        this.requestId = task.requestId;
        this.layer = task.layer;
        this.taskIndex = task.taskIndex;
        this.deadlineMs = task.deadlineMs;
        this.payload = payload;
        this.workerSubtask = workerSubtask;
        this.computeMicros = computeMicros;
    }

    @Override
    public String toString() {
        return "CodedResult{request=%s, layer=%d, task=%d, worker=%d, %d floats}"
                .formatted(
                        requestId,
                        layer,
                        taskIndex,
                        workerSubtask,
                        payload == null ? 0 : payload.length);
    }
}
