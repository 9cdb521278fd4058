package io.cocoi.operators.engine;

import io.cocoi.codec.coding.ErasureCode;

/**
 * The n coded task payloads of one layer input and the master's {@link LayerContext}. A task whose
 * generator row is a unit vector (a systematic or replicated task) is the source slab itself, not a
 * copy, so callers must not modify payloads. A rateless code can produce further tasks on demand.
 */
public final class EncodedTasks {

    private final ErasureCode code;
    private final float[][] sources;
    private final float[][] tasks;
    private final LayerContext context;

    EncodedTasks(ErasureCode code, float[][] sources, float[][] tasks, LayerContext context) {
        this.code = code;
        this.sources = sources;
        this.tasks = tasks;
        this.context = context;
    }

    /** n, the number of tasks encoded up front. */
    public int count() {
        return tasks.length;
    }

    /**
     * The payload of task {@code taskIndex}: one of the n encoded up front, or for a rateless code
     * any further index, encoded now.
     */
    public float[] task(int taskIndex) {
        if (taskIndex >= 0 && taskIndex < tasks.length) {
            return tasks[taskIndex];
        }
        if (!code.isRateless()) {
            throw new IndexOutOfBoundsException(
                    "%s(n=%d, k=%d): task %d, expected 0 to %d"
                            .formatted(
                                    code.name(), code.n(), code.k(), taskIndex, tasks.length - 1));
        }
        float[] payload = new float[sources[0].length];
        code.encodeTask(taskIndex, sources, payload);
        return payload;
    }

    public LayerContext context() {
        return context;
    }
}
