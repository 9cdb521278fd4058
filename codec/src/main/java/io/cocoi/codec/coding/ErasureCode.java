package io.cocoi.codec.coding;

/**
 * A real-valued linear erasure code over k source partitions: coded task i is Σ_j G[i][j]·x_j, and
 * the k sources are recovered from a sufficient set of coded results (paper eq. 3–4).
 *
 * <p>Payloads are flat float32 arrays of one length L (a C×H×W partition). Encoding and decoding
 * write into caller-provided buffers; generator arithmetic is float64.
 *
 * <p>Symbols: k sources, n tasks (one per worker; a rateless code accepts any task index ≥ 0), G
 * the generator with one row per task.
 */
public interface ErasureCode {

    /** The code's name as the command line spells it, for example {@code systematic}. */
    String name();

    /** k: the number of source partitions. */
    int k();

    /** n: the number of coded tasks, one per worker. */
    int n();

    /** Whether tasks beyond n can be generated (LT); fixed-rate codes accept 0 ≤ task < n. */
    default boolean isRateless() {
        return false;
    }

    /** A copy of the generator row of {@code taskIndex}: k coefficients. */
    double[] generatorRow(int taskIndex);

    /** A copy of the first n generator rows: n×k, one row per worker. */
    default double[][] generator() {
        double[][] rows = new double[n()][];
        for (int task = 0; task < n(); task++) {
            rows[task] = generatorRow(task);
        }
        return rows;
    }

    /**
     * Writes coded task {@code taskIndex} = Σ_j G[task][j]·sources[j] into {@code target}. A row
     * that is a unit vector is a copy with no arithmetic; zero coefficients are skipped.
     */
    default void encodeTask(int taskIndex, float[][] sources, float[] target) {
        Payloads.requireSources(this, sources, target);
        Payloads.combine(generatorRow(taskIndex), sources, target);
    }

    /**
     * Writes coded task {@code taskIndices[i]} into {@code targets[i]} for every i, in one pass
     * over the sources: cheaper than {@link #encodeTask} per task when slabs exceed the cache.
     */
    default void encodeTasks(int[] taskIndices, float[][] sources, float[][] targets) {
        if (taskIndices.length != targets.length) {
            throw new IllegalArgumentException(
                    "%s: %d tasks but %d target buffers"
                            .formatted(
                                    Payloads.describe(this), taskIndices.length, targets.length));
        }
        double[][] rows = new double[taskIndices.length][];
        for (int i = 0; i < taskIndices.length; i++) {
            Payloads.requireSources(this, sources, targets[i]);
            rows[i] = generatorRow(taskIndices[i]);
        }
        Payloads.combineAll(rows, sources, targets);
    }

    /** Whether the results of these tasks determine all k sources. */
    boolean isSufficient(int[] taskIndices);

    /**
     * Plans the decoding of all k sources from the results of {@code taskIndices}, given in arrival
     * order; the plan uses k of them and prefers earlier ones.
     *
     * @throws InsufficientResultsException if the tasks do not determine every source
     * @throws IllegalArgumentException if a task index is out of range or repeated
     */
    LinearDecoder decoder(int[] taskIndices);

    /** The worst condition number of the decodable k-row submatrices of G. */
    ConditionReport conditionReport();
}
