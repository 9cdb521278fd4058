package io.cocoi.codec.coding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default (n, k) code: systematic, G = [I_k; P] with an (n−k)×k parity block P. Tasks 0..k−1
 * carry the source partitions themselves; tasks k..n−1 carry parity mixes.
 *
 * <p>P is Gaussian. A Gaussian matrix has every square submatrix invertible with probability 1, so
 * the code is MDS; its conditioning varies with the draw, so {@value #CANDIDATES} seeded draws are
 * compared by their worst k-subset condition number (every subset while C(n, k) ≤ {@value
 * #SELECTION_EXHAUSTIVE_LIMIT}, a fixed sample beyond) and the best is kept. At n = 10 this keeps
 * every k-subset below about 6e2, where the paper's Vandermonde code reaches 7e10.
 *
 * <p>Costs per L-float payload: encoding computes only the parity rows, (n−k)·k·L multiply-adds.
 * Decoding rebuilds only the missing systematic sources: with A the arrived systematic tasks, M the
 * missing sources and P' the first |M| arrived parity tasks, x_M = P[P',M]⁻¹·(ỹ_P' − P[P',A]·x_A),
 * an |M|×|M| inversion and |M|·k·L multiply-adds; none when the k systematic results arrive.
 */
public final class SystematicMdsCode implements ErasureCode {

    /** Parity draws compared per (n, k). */
    static final int CANDIDATES = 32;

    /** Subsets per candidate beyond which the comparison samples. */
    static final long SELECTION_EXHAUSTIVE_LIMIT = 2_000;

    private static final Map<String, double[][]> PARITY_CACHE = new ConcurrentHashMap<>();

    private final int n;
    private final int k;
    private final long seed;
    private final double[][] parity;
    private ConditionReport conditionReport;

    /** The code with the default parity search seed. */
    public SystematicMdsCode(int n, int k) {
        this(n, k, 0x5EED_C0C0L);
    }

    public SystematicMdsCode(int n, int k, long seed) {
        CodeKind.SYSTEMATIC.requireParameters(n, k);
        this.n = n;
        this.k = k;
        this.seed = seed;
        this.parity =
                PARITY_CACHE.computeIfAbsent(
                        n + "/" + k + "/" + seed, key -> chooseParity(n, k, seed));
    }

    @Override
    public String name() {
        return CodeKind.SYSTEMATIC.cliName();
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public double[] generatorRow(int taskIndex) {
        TaskIndices.requireValid(this, taskIndex);
        return row(parity, k, taskIndex);
    }

    @Override
    public boolean isSufficient(int[] taskIndices) {
        return TaskIndices.atLeastK(this, taskIndices);
    }

    @Override
    public LinearDecoder decoder(int[] taskIndices) {
        if (!isSufficient(taskIndices)) {
            throw TaskIndices.tooFew(this, taskIndices);
        }

        // Which sources arrived as systematic results, and which parity results are at hand.
        int[] sourcePosition = new int[k];
        Arrays.fill(sourcePosition, -1);
        List<Integer> parityPositions = new ArrayList<>();
        for (int position = 0; position < taskIndices.length; position++) {
            int task = taskIndices[position];
            if (task < k) {
                sourcePosition[task] = position;
            } else {
                parityPositions.add(position);
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int source = 0; source < k; source++) {
            if (sourcePosition[source] < 0) {
                missing.add(source);
            }
        }

        double[][] sourceRows = new double[k][taskIndices.length];
        for (int source = 0; source < k; source++) {
            if (sourcePosition[source] >= 0) {
                sourceRows[source][sourcePosition[source]] = 1.0;
            }
        }
        if (!missing.isEmpty()) {
            solveMissing(taskIndices, sourcePosition, parityPositions, missing, sourceRows);
        }
        return LinearDecoder.of(this, taskIndices, sourceRows);
    }

    @Override
    public synchronized ConditionReport conditionReport() {
        if (conditionReport == null) {
            conditionReport = ConditionReport.of(generator(), k, subset -> true, seed);
        }
        return conditionReport;
    }

    @Override
    public String toString() {
        return Payloads.describe(this);
    }

    /** Fills the rows of the missing sources: x_M = D·ỹ_P' − D·P[P',A]·x_A with D = P[P',M]⁻¹. */
    private void solveMissing(
            int[] taskIndices,
            int[] sourcePosition,
            List<Integer> parityPositions,
            List<Integer> missing,
            double[][] sourceRows) {
        int m = missing.size();
        double[][] block = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] parityRow = parity[taskIndices[parityPositions.get(i)] - k];
            for (int j = 0; j < m; j++) {
                block[i][j] = parityRow[missing.get(j)];
            }
        }
        double[][] inverse = GeneratorMath.invertOrNull(block);
        if (inverse == null) {
            throw new InsufficientResultsException(
                    "%s: parity block for missing sources %s is singular in float64"
                            .formatted(Payloads.describe(this), missing));
        }
        for (int j = 0; j < m; j++) {
            double[] target = sourceRows[missing.get(j)];
            for (int i = 0; i < m; i++) {
                double d = inverse[j][i];
                target[parityPositions.get(i)] += d;
                double[] parityRow = parity[taskIndices[parityPositions.get(i)] - k];
                for (int source = 0; source < k; source++) {
                    if (sourcePosition[source] >= 0) {
                        target[sourcePosition[source]] -= d * parityRow[source];
                    }
                }
            }
        }
    }

    private static double[] row(double[][] parity, int k, int taskIndex) {
        if (taskIndex >= k) {
            return parity[taskIndex - k].clone();
        }
        double[] unit = new double[k];
        unit[taskIndex] = 1.0;
        return unit;
    }

    private static double[][] chooseParity(int n, int k, long seed) {
        double[][] best = new double[n - k][k];
        double bestCondition = Double.POSITIVE_INFINITY;
        if (n == k) {
            return best;
        }
        for (int candidate = 0; candidate < CANDIDATES; candidate++) {
            Random random = new Random(seed + candidate);
            double[][] parity = new double[n - k][k];
            for (double[] parityRow : parity) {
                for (int source = 0; source < k; source++) {
                    parityRow[source] = random.nextGaussian();
                }
            }
            double[][] generator = new double[n][];
            for (int task = 0; task < n; task++) {
                generator[task] = row(parity, k, task);
            }
            double condition =
                    ConditionReport.of(
                                    generator,
                                    k,
                                    subset -> true,
                                    SELECTION_EXHAUSTIVE_LIMIT,
                                    (int) SELECTION_EXHAUSTIVE_LIMIT,
                                    seed)
                            .worstConditionNumber();
            if (condition < bestCondition) {
                bestCondition = condition;
                best = parity;
            }
        }
        return best;
    }
}
