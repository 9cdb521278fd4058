package io.cocoi.jobs.smoke;

/**
 * Slice {@code taskIndex} of {@code taskCount} of a sample's values, bound for worker taskIndex.
 */
public class SliceTask {

    public String requestId;

    public String model;

    public int taskIndex;

    public int taskCount;

    public float[] values;

    public SliceTask() {}

    public SliceTask(String requestId, String model, int taskIndex, int taskCount, float[] values) {
        this.requestId = requestId;
        this.model = model;
        this.taskIndex = taskIndex;
        this.taskCount = taskCount;
        this.values = values;
    }
}
