package io.cocoi.codec.latency;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Fits a phase's µ and θ from measured (time, workload) samples by maximum likelihood for the
 * shifted exponential, on a sliding window of the latest samples so a running job can re-plan.
 *
 * <p>Each sample is normalised to u = t/N, which is θ + Exp(µ). For m samples the maximum
 * likelihood estimates are θ = min u and 1/µ = mean u − min u; the minimum overshoots θ by (1/µ)/m
 * on average, so both are bias-corrected: 1/µ = m(mean − min)/(m − 1) and θ = min − (1/µ)/m.
 */
public final class PhaseFit {

    /** µ of a phase without spread: N/µ vanishes for any workload. */
    public static final double NO_SPREAD_MU = 1e300;

    private final int capacity;
    private final Deque<Double> normalised = new ArrayDeque<>();

    /** A window holding the latest {@code capacity} samples (2 or more). */
    public PhaseFit(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException(
                    "phase fit window of %d samples, expected 2 or more".formatted(capacity));
        }
        this.capacity = capacity;
    }

    /** Records that {@code workload} units took {@code seconds}; the oldest sample may drop out. */
    public void add(double seconds, double workload) {
        if (!(seconds >= 0) || !(workload > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(
                    "phase sample of %s s for workload %s, expected time >= 0 and workload > 0"
                            .formatted(seconds, workload));
        }
        if (normalised.size() == capacity) {
            normalised.removeFirst();
        }
        normalised.addLast(seconds / workload);
    }

    public int size() {
        return normalised.size();
    }

    /** The fitted phase; needs at least two samples that are not all equal. */
    public Phase fit() {
        return fit(false);
    }

    /**
     * The fitted phase, or, when the samples show no spread (times measured at a coarse resolution
     * can), a phase whose random part vanishes: θ = their least value, µ = {@value #NO_SPREAD_MU}.
     */
    public Phase fitOrShiftOnly() {
        return fit(true);
    }

    private Phase fit(boolean allowNoSpread) {
        int m = normalised.size();
        if (m < 2) {
            throw new IllegalStateException(
                    "phase fit has %d samples, expected 2 or more".formatted(m));
        }
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (double u : normalised) {
            min = Math.min(min, u);
            sum += u;
        }
        double excess = sum / m - min;
        if (!(excess > 0)) {
            if (allowNoSpread) {
                return new Phase(NO_SPREAD_MU, min);
            }
            throw new IllegalStateException(
                    "phase fit: all %d samples equal %s s per unit, no spread to fit µ from"
                            .formatted(m, min));
        }
        double scale = m * excess / (m - 1);
        double shift = Math.max(0, min - scale / m);
        return new Phase(1 / scale, shift);
    }

    /** Fits a phase from parallel arrays of times and workloads, all in one window. */
    public static Phase fit(double[] seconds, double[] workloads) {
        if (seconds.length != workloads.length) {
            throw new IllegalArgumentException(
                    "phase fit: %d times but %d workloads, expected one workload per time"
                            .formatted(seconds.length, workloads.length));
        }
        PhaseFit window = new PhaseFit(Math.max(2, seconds.length));
        for (int i = 0; i < seconds.length; i++) {
            window.add(seconds[i], workloads[i]);
        }
        return window.fit();
    }
}
