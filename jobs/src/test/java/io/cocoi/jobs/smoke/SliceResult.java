package io.cocoi.jobs.smoke;

/** What a worker computed for one slice, tagged with where it ran. */
public class SliceResult {

    public String requestId;

    public String model;

    public int taskIndex;

    /** The index of the worker subtask that ran the task. */
    public int workerSubtask;

    /** The resource id of the TaskManager that ran the task. */
    public String workerTaskManager;

    /** The sum of the squares of the slice's values. */
    public double sumOfSquares;

    public SliceResult() {}
}
