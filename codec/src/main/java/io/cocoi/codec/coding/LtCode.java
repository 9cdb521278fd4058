package io.cocoi.codec.coding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Luby transform code (the paper's LtCoI, appendix G): rateless, so k may exceed n and the master
 * may stream tasks beyond n. Task i sums d source partitions chosen uniformly, d drawn from the
 * robust soliton distribution with parameters c and δ; each row is a deterministic function of
 * (seed, i), so encoder and decoder agree without sending rows.
 *
 * <p>Robust soliton: R = c·ln(k/δ)·√k, τ(d) = R/(d·k) for d < k/R, R·ln(R/δ)/k at d = k/R, ρ(1) =
 * 1/k, ρ(d) = 1/(d(d−1)); P(d) ∝ ρ(d) + τ(d).
 *
 * <p>A set of results decodes exactly when its 0/1 rows have rank k (Gaussian elimination); the
 * decoder then inverts k independent rows, costing k²·L multiply-adds at most.
 */
public final class LtCode implements ErasureCode {

    public static final double DEFAULT_C = 0.1;
    public static final double DEFAULT_DELTA = 0.5;

    private final int n;
    private final int k;
    private final double c;
    private final double delta;
    private final long seed;
    private final double[] degreeCdf;
    private ConditionReport conditionReport;

    public LtCode(int n, int k) {
        this(n, k, DEFAULT_C, DEFAULT_DELTA, 0x17C0DEL);
    }

    public LtCode(int n, int k, double c, double delta, long seed) {
        CodeKind.LT.requireParameters(n, k);
        if (!(c > 0)) {
            throw new IllegalArgumentException(
                    "code lt: robust soliton c=%s, expected > 0".formatted(c));
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException(
                    "code lt: robust soliton delta=%s, expected in (0, 1)".formatted(delta));
        }
        this.n = n;
        this.k = k;
        this.c = c;
        this.delta = delta;
        this.seed = seed;
        this.degreeCdf = robustSolitonCdf(k, c, delta);
    }

    @Override
    public String name() {
        return CodeKind.LT.cliName();
    }

    @Override
    public int k() {
        return k;
    }

    /** The number of workers; tasks beyond n are further symbols of the same stream. */
    @Override
    public int n() {
        return n;
    }

    @Override
    public boolean isRateless() {
        return true;
    }

    public double c() {
        return c;
    }

    public double delta() {
        return delta;
    }

    /** P(degree = d) for d = 1..k (index d − 1). */
    public double[] degreeDistribution() {
        double[] probabilities = new double[k];
        for (int d = 0; d < k; d++) {
            probabilities[d] = degreeCdf[d] - (d == 0 ? 0 : degreeCdf[d - 1]);
        }
        return probabilities;
    }

    @Override
    public double[] generatorRow(int taskIndex) {
        TaskIndices.requireValid(this, taskIndex);
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + taskIndex);
        int degree = sampleDegree(random.nextDouble());

        // The first `degree` entries of a partial Fisher–Yates shuffle pick distinct sources.
        int[] sources = new int[k];
        for (int i = 0; i < k; i++) {
            sources[i] = i;
        }
        double[] row = new double[k];
        for (int i = 0; i < degree; i++) {
            int j = i + random.nextInt(k - i);
            int swap = sources[i];
            sources[i] = sources[j];
            sources[j] = swap;
            row[sources[i]] = 1.0;
        }
        return row;
    }

    /** The rank of the generator rows of {@code taskIndices}. */
    public int rank(int[] taskIndices) {
        TaskIndices.requireValidAndDistinct(this, taskIndices);
        return GeneratorMath.independentRows(rowsOf(taskIndices), k).length;
    }

    @Override
    public boolean isSufficient(int[] taskIndices) {
        return rank(taskIndices) == k;
    }

    /**
     * How many symbols of the stream 0, 1, 2, … the master needs before their rows reach rank k, by
     * incremental elimination: the decoding overhead of this code's seed.
     *
     * @throws InsufficientResultsException if {@code limit} symbols do not reach rank k
     */
    public int symbolsUntilDecodable(int limit) {
        double[][] basis = new double[k][];
        int[] pivots = new int[k];
        int rank = 0;
        for (int task = 0; task < limit; task++) {
            double[] row = generatorRow(task);
            for (int b = 0; b < rank; b++) {
                double factor = row[pivots[b]];
                if (factor != 0) {
                    for (int column = 0; column < k; column++) {
                        row[column] -= factor * basis[b][column];
                    }
                }
            }
            int pivot = 0;
            for (int column = 1; column < k; column++) {
                if (Math.abs(row[column]) > Math.abs(row[pivot])) {
                    pivot = column;
                }
            }
            if (Math.abs(row[pivot]) > 1e-9) {
                double scale = row[pivot];
                for (int column = 0; column < k; column++) {
                    row[column] /= scale;
                }
                basis[rank] = row;
                pivots[rank] = pivot;
                rank++;
                if (rank == k) {
                    return task + 1;
                }
            }
        }
        throw new InsufficientResultsException(
                "%s: %d symbols reach rank %d, expected rank k=%d".formatted(this, limit, rank, k));
    }

    @Override
    public LinearDecoder decoder(int[] taskIndices) {
        TaskIndices.requireValidAndDistinct(this, taskIndices);
        double[][] rows = rowsOf(taskIndices);
        int[] independent = GeneratorMath.independentRows(rows, k);
        if (independent.length < k) {
            throw new InsufficientResultsException(
                    "%s: tasks %s have rank %d, expected rank k=%d"
                            .formatted(
                                    Payloads.describe(this),
                                    Arrays.toString(taskIndices),
                                    independent.length,
                                    k));
        }
        return InverseDecoding.invertAt(this, rows, taskIndices, independent);
    }

    /**
     * Over the k-subsets of the first max(n, k) tasks; subsets of rank below k count as
     * undecodable.
     */
    @Override
    public synchronized ConditionReport conditionReport() {
        if (conditionReport == null) {
            int rows = Math.max(n, k);
            double[][] generator = new double[rows][];
            for (int task = 0; task < rows; task++) {
                generator[task] = generatorRow(task);
            }
            conditionReport =
                    ConditionReport.of(
                            generator,
                            k,
                            subset ->
                                    GeneratorMath.independentRows(
                                                            GeneratorMath.rows(generator, subset),
                                                            k)
                                                    .length
                                            == k,
                            seed);
        }
        return conditionReport;
    }

    @Override
    public String toString() {
        return "%s(n=%d, k=%d, c=%s, delta=%s)".formatted(name(), n, k, c, delta);
    }

    private double[][] rowsOf(int[] taskIndices) {
        double[][] rows = new double[taskIndices.length][];
        for (int position = 0; position < taskIndices.length; position++) {
            rows[position] = generatorRow(taskIndices[position]);
        }
        return rows;
    }

    private int sampleDegree(double uniform) {
        for (int d = 0; d < k; d++) {
            if (uniform < degreeCdf[d]) {
                return d + 1;
            }
        }
        return k;
    }

    private static double[] robustSolitonCdf(int k, double c, double delta) {
        double spike = c * Math.log(k / delta) * Math.sqrt(k);
        int pivot = (int) Math.max(1, Math.min(k, Math.round(k / spike)));
        double[] weights = new double[k];
        double total = 0;
        for (int d = 1; d <= k; d++) {
            double ideal = d == 1 ? 1.0 / k : 1.0 / ((double) d * (d - 1));
            double robust = 0;
            if (d < pivot) {
                robust = spike / ((double) d * k);
            } else if (d == pivot) {
                robust = Math.max(0, spike * Math.log(spike / delta) / k);
            }
            weights[d - 1] = ideal + robust;
            total += weights[d - 1];
        }
        double[] cdf = new double[k];
        double cumulative = 0;
        for (int d = 0; d < k; d++) {
            cumulative += weights[d] / total;
            cdf[d] = cumulative;
        }
        cdf[k - 1] = 1.0;
        return cdf;
    }
}
