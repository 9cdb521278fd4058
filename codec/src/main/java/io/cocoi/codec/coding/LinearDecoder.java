package io.cocoi.codec.coding;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * A decoding plan: each of the k sources as a linear combination of the arrived coded results
 * (paper eq. 4, x = G_S⁻¹·ỹ, restricted to what each source needs). A source whose result arrived
 * unchanged (a systematic or replicated task) is a pass-through and costs no arithmetic.
 *
 * <p>Results are passed in the order of {@link #arrivedTasks()}; results the plan does not use may
 * be null. Applying the plan to L-float payloads costs Σ_source (terms − 1)·L multiply-adds.
 */
public final class LinearDecoder {

    private final String codeDescription;
    private final int[] arrivedTasks;
    private final int[][] positions;
    private final double[][] coefficients;

    private LinearDecoder(
            String codeDescription,
            int[] arrivedTasks,
            int[][] positions,
            double[][] coefficients) {
        this.codeDescription = codeDescription;
        this.arrivedTasks = arrivedTasks;
        this.positions = positions;
        this.coefficients = coefficients;
    }

    /**
     * Builds a plan from dense per-source coefficient rows over the arrival positions (k rows, each
     * as long as {@code arrivedTasks}); zero coefficients are dropped.
     */
    static LinearDecoder of(ErasureCode code, int[] arrivedTasks, double[][] sourceRows) {
        int k = sourceRows.length;
        int[][] positions = new int[k][];
        double[][] coefficients = new double[k][];
        for (int source = 0; source < k; source++) {
            double[] row = sourceRows[source];
            int terms = 0;
            for (double value : row) {
                terms += value != 0.0 ? 1 : 0;
            }
            positions[source] = new int[terms];
            coefficients[source] = new double[terms];
            int term = 0;
            for (int position = 0; position < row.length; position++) {
                if (row[position] != 0.0) {
                    positions[source][term] = position;
                    coefficients[source][term] = row[position];
                    term++;
                }
            }
        }
        return new LinearDecoder(
                Payloads.describe(code), arrivedTasks.clone(), positions, coefficients);
    }

    public int k() {
        return positions.length;
    }

    /** The task indices as given to {@link ErasureCode#decoder(int[])}, in arrival order. */
    public int[] arrivedTasks() {
        return arrivedTasks.clone();
    }

    /** The distinct task indices whose results the plan reads, ascending. */
    public int[] usedTasks() {
        TreeSet<Integer> used = new TreeSet<>();
        for (int[] sourcePositions : positions) {
            for (int position : sourcePositions) {
                used.add(arrivedTasks[position]);
            }
        }
        return used.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The arrival position whose result is source {@code source} itself, or -1 when the source has
     * to be computed.
     */
    public int passThroughPosition(int source) {
        boolean single = positions[source].length == 1 && coefficients[source][0] == 1.0;
        return single ? positions[source][0] : -1;
    }

    /** False when every source is a pass-through, as when the k systematic results arrived. */
    public boolean needsArithmetic() {
        for (int source = 0; source < k(); source++) {
            if (passThroughPosition(source) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The coefficients of source {@code source} over all arrival positions (dense copy). */
    public double[] sourceRow(int source) {
        double[] row = new double[arrivedTasks.length];
        for (int term = 0; term < positions[source].length; term++) {
            row[positions[source][term]] = coefficients[source][term];
        }
        return row;
    }

    /** Writes source {@code source} into {@code target} from the arrived results. */
    public void decodeSource(int source, float[][] arrivedResults, float[] target) {
        if (source < 0 || source >= k()) {
            throw new IndexOutOfBoundsException(
                    "%s: source %d, expected 0 to %d".formatted(codeDescription, source, k() - 1));
        }
        requireResults(arrivedResults, target);
        int[] sourcePositions = positions[source];
        float[][] payloads = new float[sourcePositions.length][];
        for (int term = 0; term < sourcePositions.length; term++) {
            payloads[term] = arrivedResults[sourcePositions[term]];
        }
        Payloads.combine(coefficients[source], payloads, target);
    }

    /** Writes every source j into {@code targets[j]}. */
    public void decodeAll(float[][] arrivedResults, float[][] targets) {
        if (targets.length != k()) {
            throw new IllegalArgumentException(
                    "%s: %d target buffers, expected k=%d"
                            .formatted(codeDescription, targets.length, k()));
        }
        int[] all = new int[k()];
        for (int source = 0; source < all.length; source++) {
            all[source] = source;
        }
        decodeSources(all, arrivedResults, targets);
    }

    /**
     * Writes source {@code sources[i]} into {@code targets[i]} for every i in one blocked pass over
     * the arrived results, so each result is read from memory once.
     */
    public void decodeSources(int[] sources, float[][] arrivedResults, float[][] targets) {
        if (sources.length != targets.length) {
            throw new IllegalArgumentException(
                    "%s: %d sources but %d target buffers"
                            .formatted(codeDescription, sources.length, targets.length));
        }
        double[][] rows = new double[sources.length][];
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] < 0 || sources[i] >= k()) {
                throw new IndexOutOfBoundsException(
                        "%s: source %d, expected 0 to %d"
                                .formatted(codeDescription, sources[i], k() - 1));
            }
            requireResults(arrivedResults, targets[i]);
            rows[i] = sourceRow(sources[i]);
        }
        Payloads.combineAll(rows, arrivedResults, targets);
    }

    @Override
    public String toString() {
        return "%s decoder from tasks %s using %s"
                .formatted(
                        codeDescription,
                        Arrays.toString(arrivedTasks),
                        Arrays.toString(usedTasks()));
    }

    private void requireResults(float[][] arrivedResults, float[] target) {
        if (arrivedResults.length != arrivedTasks.length) {
            throw new IllegalArgumentException(
                    "%s: %d coded results given for %d arrived tasks %s"
                            .formatted(
                                    codeDescription,
                                    arrivedResults.length,
                                    arrivedTasks.length,
                                    Arrays.toString(arrivedTasks)));
        }
        for (int[] sourcePositions : positions) {
            for (int position : sourcePositions) {
                float[] result = arrivedResults[position];
                if (result == null) {
                    throw new IllegalArgumentException(
                            "%s: the coded result of task %d is missing"
                                    .formatted(codeDescription, arrivedTasks[position]));
                }
                if (result.length != target.length) {
                    throw new IllegalArgumentException(
                            "%s: coded result of task %d has %d floats, expected %d"
                                    .formatted(
                                            codeDescription,
                                            arrivedTasks[position],
                                            result.length,
                                            target.length));
                }
            }
        }
    }
}
