package io.cocoi.codec.latency;

import java.util.Arrays;

/**
 * Expected order statistics of i.i.d. worker times by numerical integration.
 *
 * <p>A worker's time is a shift plus Y, a sum of independent exponentials (its phases' random parts
 * and any straggling delays). The CDF of Y is built on a grid one exponential at a time: adding X ~
 * Exp(scale s) to Y turns its CDF F into G with G' = (F − G)/s, which is solved exactly on each
 * grid step for F linear across the step. Then P(T_(m:k) ≤ t) = Σ_(j≥k) C(m, j) F(t)^j (1 −
 * F(t))^(m−j), and E[max(T_(m:k), R)] = ∫ 1 − P(T_(m:k) ≤ t)·F_R(t) dt for an independent R (the
 * master's remainder), by the trapezoidal rule.
 */
final class OrderStatistics {

    /** Grid steps for the CDF of Y and for the final integral. */
    private static final int STEPS = 20_000;

    /** Y stays below this many times its summed scales with probability 1 − e^-40 or more. */
    private static final double TAIL_SCALES = 40;

    private OrderStatistics() {}

    /**
     * E[max(shift + Y_(m:k), R)] where Y is a sum of independent exponentials with the given scales
     * (zeros allowed) and R is independent.
     */
    static double expectedMaxOfKth(
            int m, int k, double shift, double[] scales, ShiftExponential other) {
        double totalScale = 0;
        for (double scale : scales) {
            totalScale += scale;
        }
        double upper = TAIL_SCALES * totalScale;
        double step = upper / STEPS;

        // A part much shorter than a grid step cannot be resolved on it; its mean joins the shift.
        double[] resolved = new double[scales.length];
        double fullShift = shift;
        for (int i = 0; i < scales.length; i++) {
            if (scales[i] < step) {
                fullShift += scales[i];
            } else {
                resolved[i] = scales[i];
            }
        }
        double[] cdf = sumOfExponentialsCdf(resolved, upper);

        double end = Math.max(fullShift + upper, other.shift() + TAIL_SCALES * other.scale());
        double h = end / STEPS;
        double integral = 0;
        double previous = survival(m, k, fullShift, cdf, upper, other, 0);
        for (int i = 1; i <= STEPS; i++) {
            double current = survival(m, k, fullShift, cdf, upper, other, i * h);
            integral += (previous + current) * h / 2;
            previous = current;
        }
        return integral;
    }

    /** P(the k-th smallest of m i.i.d. values with CDF value {@code f} is ≤ t). */
    static double kthCdf(int m, int k, double f) {
        if (f <= 0) {
            return 0;
        }
        if (f >= 1) {
            return 1;
        }
        // 1 − Σ_(j<k) C(m, j) f^j (1 − f)^(m−j), terms built by ratio to stay in range.
        double term = Math.pow(1 - f, m);
        double below = 0;
        for (int j = 0; j < k; j++) {
            below += term;
            term *= (double) (m - j) / (j + 1) * f / (1 - f);
        }
        return Math.max(0, 1 - below);
    }

    /** The CDF of Y at t = i·upper/STEPS, i = 0..STEPS. */
    static double[] sumOfExponentialsCdf(double[] scales, double upper) {
        double h = upper / STEPS;
        double[] cdf = new double[STEPS + 1];
        Arrays.fill(cdf, 1.0);
        if (h == 0) {
            return cdf;
        }
        double[] next = new double[STEPS + 1];
        for (double scale : scales) {
            if (scale <= 0) {
                continue;
            }
            double decay = Math.exp(-h / scale);
            double rise = 1 - decay;
            double ramp = h - scale * rise;
            next[0] = 0;
            for (int i = 0; i < STEPS; i++) {
                double slope = (cdf[i + 1] - cdf[i]) / h;
                next[i + 1] = next[i] * decay + cdf[i] * rise + slope * ramp;
            }
            double[] swap = cdf;
            cdf = next;
            next = swap;
        }
        return cdf;
    }

    private static double survival(
            int m,
            int k,
            double shift,
            double[] cdf,
            double upper,
            ShiftExponential other,
            double t) {
        double y = t - shift;
        double f;
        if (y <= 0) {
            f = y < 0 ? 0 : cdf[0];
        } else if (y >= upper) {
            f = 1;
        } else {
            double position = y / upper * STEPS;
            int i = (int) position;
            double fraction = position - i;
            f = cdf[i] + (cdf[Math.min(i + 1, STEPS)] - cdf[i]) * fraction;
        }
        return 1 - kthCdf(m, k, f) * other.cdf(t);
    }
}
