package io.cocoi.operators.engine;

import io.cocoi.codec.coding.ErasureCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which coded results of a layer reach the master, and in what order: the test bed's stand-in for
 * stragglers and failed workers. A rateless code (LT) may need more than n tasks; the master then
 * streams tasks n, n+1, … as a real LT run would.
 */
public enum Arrivals {

    /** Every task 0..n−1 in index order, followed for a rateless code by more until decodable. */
    ALL,

    /**
     * A random arrival order, cut after the shortest prefix that decodes: a random k-subset for an
     * MDS code. A rateless code draws from the first max(n, 4k) tasks.
     */
    RANDOM_ORDER,

    /**
     * Only tasks that are not plain copies of a source, in random order, cut after the shortest
     * prefix that decodes: for the systematic code, parity results alone, so every source is
     * decoded arithmetically. Needs n − k ≥ k for the systematic code; for LT, whose copies are its
     * degree-1 rows, the rest rarely reaches rank k when k is small.
     */
    PARITY_ONLY;

    /** Factor over k of the tasks a rateless code may stream. */
    private static final int RATELESS_POOL_FACTOR = 4;

    /**
     * The arrived task indices, in arrival order.
     *
     * @throws IllegalArgumentException if no such arrival decodes, as for parity-only arrivals of a
     *     copy code
     */
    public int[] order(ErasureCode code, RandomGenerator random) {
        int pool =
                code.isRateless() ? Math.max(code.n(), RATELESS_POOL_FACTOR * code.k()) : code.n();
        return switch (this) {
            case ALL -> all(code, pool);
            case RANDOM_ORDER ->
                    shortestDecodablePrefix(code, shuffled(candidates(code, pool, false), random));
            case PARITY_ONLY ->
                    shortestDecodablePrefix(code, shuffled(candidates(code, pool, true), random));
        };
    }

    private static int[] all(ErasureCode code, int pool) {
        int[] tasks = range(code.n());
        if (code.isSufficient(tasks)) {
            return tasks;
        }
        return shortestDecodablePrefix(code, range(pool));
    }

    private static int[] candidates(ErasureCode code, int pool, boolean parityOnly) {
        List<Integer> tasks = new ArrayList<>();
        for (int task = 0; task < pool; task++) {
            if (!parityOnly || !isCopy(code.generatorRow(task))) {
                tasks.add(task);
            }
        }
        return tasks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Binary search for the shortest decodable prefix; decodability only grows with length. */
    private static int[] shortestDecodablePrefix(ErasureCode code, int[] order) {
        if (!code.isSufficient(order)) {
            throw new IllegalArgumentException(
                    "%s(n=%d, k=%d): tasks %s do not decode, so these arrivals are impossible"
                            .formatted(code.name(), code.n(), code.k(), Arrays.toString(order)));
        }
        int low = Math.min(code.k(), order.length);
        int high = order.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (code.isSufficient(Arrays.copyOf(order, middle))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return Arrays.copyOf(order, low);
    }

    private static int[] shuffled(int[] tasks, RandomGenerator random) {
        int[] order = tasks.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static int[] range(int count) {
        int[] tasks = new int[count];
        for (int i = 0; i < count; i++) {
            tasks[i] = i;
        }
        return tasks;
    }

    private static boolean isCopy(double[] row) {
        int nonZero = 0;
        boolean unit = true;
        for (double value : row) {
            if (value != 0.0) {
                nonZero++;
                unit &= value == 1.0;
            }
        }
        return nonZero == 1 && unit;
    }
}
