package io.cocoi.codec.latency;

import java.io.Serializable;

/**
 * The straggler parameter µ (work units per second) and shift θ (seconds per work unit) of one
 * phase of a device's work: computing (per FLOP) or transferring (per byte).
 */
public record Phase(double mu, double theta) implements Serializable {

    public Phase {
        requireParameters("phase", mu, theta);
    }

    /**
     * A phase whose mean time per unit is {@code secondsPerUnit}, of which a share is the shift.
     */
    public static Phase ofMean(double secondsPerUnit, double shiftShare) {
        if (!(secondsPerUnit > 0) || !(shiftShare >= 0 && shiftShare < 1)) {
            String message =
                    "phase mean %s s/unit with shift share %s, expected a mean > 0 and a share in"
                            + " [0, 1)";
            throw new IllegalArgumentException(message.formatted(secondsPerUnit, shiftShare));
        }
        return new Phase(1 / (secondsPerUnit * (1 - shiftShare)), secondsPerUnit * shiftShare);
    }

    /** The time distribution of {@code workload} units of this phase. */
    public ShiftExponential of(double workload) {
        return new ShiftExponential(mu, theta, workload);
    }

    /** The mean time per unit of work, θ + 1/µ. */
    public double meanPerUnit() {
        return theta + 1 / mu;
    }

    public double meanTime(double workload) {
        return workload * meanPerUnit();
    }

    /** The same phase with its mean time per unit multiplied by {@code factor}. */
    public Phase slowedBy(double factor) {
        return new Phase(mu / factor, theta * factor);
    }

    static void requireParameters(String role, double mu, double theta) {
        if (!(mu > 0) || Double.isNaN(mu)) {
            throw new IllegalArgumentException(
                    "%s straggler parameter mu=%s, expected > 0".formatted(role, mu));
        }
        if (!(theta >= 0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException(
                    "%s shift theta=%s, expected a finite value >= 0".formatted(role, theta));
        }
    }
}
