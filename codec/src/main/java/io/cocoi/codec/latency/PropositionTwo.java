package io.cocoi.codec.latency;

/**
 * Proposition 2 of the paper in its normalised form: without encoding and decoding time and the
 * input-overlap term, uncoded takes E[T_u] = h3·(R + ln n)/n and coded E[T_c(k)] = h3·(R +
 * ln(n/(n−k)))/k, where R = h2/h3 is the ratio of the shift part to the straggling part of the
 * workers' time (a smaller R means heavier straggling).
 *
 * @param n workers
 * @param ratio R
 * @param bestK the integer k in [1, n) that minimises E[T_c(k)]
 * @param reduction 1 − E[T_c(bestK)]/E[T_u]
 */
public record PropositionTwo(int n, double ratio, int bestK, double reduction) {

    /** Evaluates the proposition's comparison for n ≥ 2 workers and R > 0. */
    public static PropositionTwo evaluate(int n, double ratio) {
        if (n < 2) {
            throw new IllegalArgumentException(
                    "proposition 2 with n=%d workers, expected 2 or more".formatted(n));
        }
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException(
                    "proposition 2 with R=%s, expected a finite ratio > 0".formatted(ratio));
        }
        double uncoded = (ratio + Math.log(n)) / n;
        int bestK = 1;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 1; k < n; k++) {
            double coded = (ratio + Math.log((double) n / (n - k))) / k;
            if (coded < best) {
                best = coded;
                bestK = k;
            }
        }
        return new PropositionTwo(n, ratio, bestK, 1 - best / uncoded);
    }
}
