package io.cocoi.codec.coding;

/**
 * The paper's (n, k) MDS code (eq. 3): G[i][j] = g_i^(k−1−j) with integer nodes g_i = i + 1, so
 * every k rows form an invertible Vandermonde matrix.
 *
 * <p>Kept to reproduce the paper. Its conditioning grows exponentially with k: the worst k-subset
 * at n = 10, k = 8 has cond ≈ 7e10, and float32 payloads then decode to garbage. Encoding costs
 * n·k·L multiply-adds; decoding inverts a k×k matrix and costs k²·L.
 */
public final class VandermondeCode implements ErasureCode {

    private final int n;
    private final int k;
    private final double[][] generator;
    private ConditionReport conditionReport;

    public VandermondeCode(int n, int k) {
        CodeKind.VANDERMONDE.requireParameters(n, k);
        this.n = n;
        this.k = k;
        this.generator = new double[n][k];
        for (int task = 0; task < n; task++) {
            double node = task + 1;
            for (int source = 0; source < k; source++) {
                generator[task][source] = Math.pow(node, k - 1 - source);
            }
        }
    }

    @Override
    public String name() {
        return CodeKind.VANDERMONDE.cliName();
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
        return generator[taskIndex].clone();
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
        return InverseDecoding.invertFirstK(this, generator, taskIndices);
    }

    @Override
    public synchronized ConditionReport conditionReport() {
        if (conditionReport == null) {
            conditionReport = ConditionReport.of(generator, k, subset -> true, n * 31L + k);
        }
        return conditionReport;
    }

    @Override
    public String toString() {
        return Payloads.describe(this);
    }
}
