package io.cocoi.codec.latency;

import java.util.random.RandomGenerator;

/**
 * The shift-exponential distribution of paper eq. 7: F(t; µ, θ, N) = 1 − exp(−(µ/N)(t − Nθ)) for t
 * ≥ Nθ. N is the workload (FLOPs or bytes), θ the least time per unit of work and µ the straggler
 * parameter in units of work per second; a smaller µ means heavier straggling.
 *
 * <p>Mean Nθ + N/µ, variance (N/µ)². A draw is Nθ + (N/µ)·E with E ~ Exp(1), which lets a
 * simulation reuse one E across workloads (common random numbers).
 */
public record ShiftExponential(double mu, double theta, double workload) {

    public ShiftExponential {
        Phase.requireParameters("shift-exponential", mu, theta);
        if (!(workload >= 0) || Double.isInfinite(workload)) {
            throw new IllegalArgumentException(
                    "shift-exponential workload N=%s, expected a finite value >= 0"
                            .formatted(workload));
        }
    }

    /** The least possible time, Nθ. */
    public double shift() {
        return workload * theta;
    }

    /** The mean of the exponential part, N/µ. */
    public double scale() {
        return workload / mu;
    }

    public double cdf(double t) {
        if (t < shift()) {
            return 0;
        }
        if (workload == 0) {
            return 1;
        }
        return 1 - Math.exp(-(t - shift()) / scale());
    }

    public double mean() {
        return shift() + scale();
    }

    public double variance() {
        return scale() * scale();
    }

    /** The value at a unit exponential draw: Nθ + (N/µ)·E. */
    public double at(double unitExponential) {
        return shift() + scale() * unitExponential;
    }

    public double sample(RandomGenerator random) {
        return at(random.nextExponential());
    }
}
