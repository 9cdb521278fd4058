package io.cocoi.operators.stream;

import io.cocoi.operators.serial.BulkFloatArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One coded task on its way to a worker: the encoded input slab of one type-1 layer of one request.
 * Routed to worker subtask {@code taskIndex} modulo the worker parallelism; it carries the (n, k)
 * of the plan the master chose for this request, so the plan can change from one request to the
 * next. A Flink POJO with a {@code float[]} payload, so it never goes through Kryo.
 */
public class CodedTask {

    public String requestId;

    /** The position of the layer among the plan's type-1 layers. */
    public int layer;

    public int taskIndex;

    /** n of the plan the master chose for this request's layer: the tasks it sent. */
    public int workers;

    /** k of that plan: the source partitions, which fix the slab a worker convolves. */
    public int k;

    /**
     * The worker subtask a re-dispatched task must run on; -1 for a first-round task, which its
     * index routes.
     */
    public int targetWorker = -1;

    /** Wall-clock time after which the worker drops the task unprocessed. */
    public long deadlineMs;

    /** Wall-clock time the master sent the task. */
    public long dispatchedAtMs;

    /** C_I × slab height × slab width floats. */
    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    public float[] payload;

    public CodedTask() {}

    public CodedTask(
            String requestId,
            int layer,
            int taskIndex,
            int workers,
            int k,
            long dispatchedAtMs,
            long deadlineMs,
            float[] payload) {
        this.requestId = requestId;
        this.layer = layer;
        this.taskIndex = taskIndex;
        this.workers = workers;
        this.k = k;
        this.dispatchedAtMs = dispatchedAtMs;
        this.deadlineMs = deadlineMs;
        this.payload = payload;
    }

    @Override
    public String toString() {
        return "CodedTask{request=%s, layer=%d, task=%d of n=%d, k=%d, deadline=%d, %d floats}"
                .formatted(
                        requestId,
                        layer,
                        taskIndex,
                        workers,
                        k,
                        deadlineMs,
                        payload == null ? 0 : payload.length);
    }
}
