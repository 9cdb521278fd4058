package io.cocoi.codec.coding;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The worst 2-norm condition number over the decodable k-row submatrices G_S of a generator, which
 * bounds how much decoding amplifies float32 rounding: relative error ≲ cond(G_S)·2⁻²⁴.
 *
 * @param worstConditionNumber max over the decodable subsets checked; NaN if none was decodable
 * @param worstSubset the task indices of a subset attaining it
 * @param subsetsChecked how many k-subsets were examined
 * @param subsetsTotal C(rows, k)
 * @param exhaustive whether every k-subset was examined (else a seeded sample)
 * @param undecodableSubsets examined subsets whose rows do not determine the sources
 */
public record ConditionReport(
        double worstConditionNumber,
        List<Integer> worstSubset,
        long subsetsChecked,
        long subsetsTotal,
        boolean exhaustive,
        long undecodableSubsets) {

    /** Every subset is checked up to this many; beyond it a sample is drawn. */
    public static final long EXHAUSTIVE_LIMIT = 200_000;

    /** Subsets sampled when there are more than {@link #EXHAUSTIVE_LIMIT}. */
    public static final int SAMPLED_SUBSETS = 20_000;

    /** Above this a code decodes float32 payloads with visible error; the plan warns. */
    public static final double WARN_ABOVE = 1e4;

    public boolean isWellConditioned() {
        return worstConditionNumber <= WARN_ABOVE;
    }

    /**
     * Examines every k-subset of the generator's rows while there are at most {@link
     * #EXHAUSTIVE_LIMIT}, else {@link #SAMPLED_SUBSETS} drawn with {@code seed}.
     */
    static ConditionReport of(double[][] generator, int k, Predicate<int[]> decodable, long seed) {
        return of(generator, k, decodable, EXHAUSTIVE_LIMIT, SAMPLED_SUBSETS, seed);
    }

    /** Examines all k-subsets of the generator's rows, or a seeded sample of them. */
    static ConditionReport of(
            double[][] generator,
            int k,
            Predicate<int[]> decodable,
            long exhaustiveLimit,
            int samples,
            long seed) {
        int rows = generator.length;
        long total = binomial(rows, k);
        boolean exhaustive = total <= exhaustiveLimit;
        SplittableRandom random = new SplittableRandom(seed);
        int[] subset = new int[k];
        for (int i = 0; i < k; i++) {
            subset[i] = i;
        }
        double worst = Double.NaN;
        int[] worstSubset = new int[0];
        long checked = 0;
        long undecodable = 0;
        long budget = exhaustive ? total : samples;
        for (long step = 0; step < budget; step++) {
            if (!exhaustive) {
                randomSubset(random, rows, subset);
            } else if (step > 0) {
                nextSubset(subset, rows);
            }
            checked++;
            if (!decodable.test(subset)) {
                undecodable++;
                continue;
            }
            double condition = GeneratorMath.conditionNumber(GeneratorMath.rows(generator, subset));
            if (Double.isNaN(worst) || condition > worst) {
                worst = condition;
                worstSubset = subset.clone();
            }
        }
        return new ConditionReport(
                worst,
                Arrays.stream(worstSubset).boxed().toList(),
                checked,
                total,
                exhaustive,
                undecodable);
    }

    /** C(n, k), saturating at Long.MAX_VALUE. */
    static long binomial(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        int smaller = Math.min(k, n - k);
        double approximate = 1;
        long exact = 1;
        for (int i = 1; i <= smaller; i++) {
            approximate = approximate * (n - smaller + i) / i;
            if (approximate > 9e18) {
                return Long.MAX_VALUE;
            }
            exact = exact * (n - smaller + i) / i;
        }
        return exact;
    }

    @Override
    public String toString() {
        return "worst cond %.3g at tasks %s (%s %d of %d subsets, %d undecodable)"
                .formatted(
                        worstConditionNumber,
                        worstSubset,
                        exhaustive ? "all" : "sampled",
                        subsetsChecked,
                        subsetsTotal,
                        undecodableSubsets);
    }

    /** Advances a sorted k-subset of [0, n) to the next one in lexicographic order. */
    private static void nextSubset(int[] subset, int n) {
        int k = subset.length;
        int i = k - 1;
        while (i >= 0 && subset[i] == n - k + i) {
            i--;
        }
        subset[i]++;
        for (int j = i + 1; j < k; j++) {
            subset[j] = subset[j - 1] + 1;
        }
    }

    /** A uniform k-subset of [0, n), sorted, by a partial Fisher–Yates shuffle. */
    private static void randomSubset(SplittableRandom random, int n, int[] subset) {
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < subset.length; i++) {
            int j = i + random.nextInt(n - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
            subset[i] = pool[i];
        }
        Arrays.sort(subset);
    }
}
