package io.cocoi.codec.coding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copy codes: task i carries source i mod k unchanged. With k = ⌊n/2⌋ every source runs on two
 * workers (replication; with odd n, source 0 on a third); with k = n each source runs once
 * (uncoded). Decoding takes the first arrived copy of each source and does no arithmetic.
 */
public final class ReplicationCode implements ErasureCode {

    private final CodeKind kind;
    private final int n;
    private final int k;
    private ConditionReport conditionReport;

    private ReplicationCode(CodeKind kind, int n, int k) {
        kind.requireParameters(n, k);
        this.kind = kind;
        this.n = n;
        this.k = k;
    }

    /** k = ⌊n/2⌋ sources, each on two workers; needs n ≥ 2. */
    public static ReplicationCode twoCopies(int n) {
        if (n < 2) {
            throw new IllegalArgumentException(
                    "code replication: n=%d workers, expected 2 or more".formatted(n));
        }
        return new ReplicationCode(CodeKind.REPLICATION, n, n / 2);
    }

    /** k = n sources, one per worker, no redundancy. */
    public static ReplicationCode uncoded(int n) {
        return new ReplicationCode(CodeKind.UNCODED, n, n);
    }

    @Override
    public String name() {
        return kind.cliName();
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int n() {
        return n;
    }

    /** The source that task {@code taskIndex} carries. */
    public int sourceOf(int taskIndex) {
        TaskIndices.requireValid(this, taskIndex);
        return taskIndex % k;
    }

    @Override
    public double[] generatorRow(int taskIndex) {
        double[] unit = new double[k];
        unit[sourceOf(taskIndex)] = 1.0;
        return unit;
    }

    @Override
    public boolean isSufficient(int[] taskIndices) {
        return missingSources(taskIndices).isEmpty();
    }

    @Override
    public LinearDecoder decoder(int[] taskIndices) {
        List<Integer> missing = missingSources(taskIndices);
        if (!missing.isEmpty()) {
            throw new InsufficientResultsException(
                    "%s: no result for sources %s among tasks %s"
                            .formatted(
                                    Payloads.describe(this),
                                    missing,
                                    Arrays.toString(taskIndices)));
        }
        double[][] sourceRows = new double[k][taskIndices.length];
        boolean[] covered = new boolean[k];
        for (int position = 0; position < taskIndices.length; position++) {
            int source = taskIndices[position] % k;
            if (!covered[source]) {
                covered[source] = true;
                sourceRows[source][position] = 1.0;
            }
        }
        return LinearDecoder.of(this, taskIndices, sourceRows);
    }

    @Override
    public synchronized ConditionReport conditionReport() {
        if (conditionReport == null) {
            conditionReport = ConditionReport.of(generator(), k, this::isSufficient, n);
        }
        return conditionReport;
    }

    @Override
    public String toString() {
        return Payloads.describe(this);
    }

    private List<Integer> missingSources(int[] taskIndices) {
        TaskIndices.requireValidAndDistinct(this, taskIndices);
        boolean[] covered = new boolean[k];
        for (int task : taskIndices) {
            covered[task % k] = true;
        }
        List<Integer> missing = new ArrayList<>();
        for (int source = 0; source < k; source++) {
            if (!covered[source]) {
                missing.add(source);
            }
        }
        return missing;
    }
}
