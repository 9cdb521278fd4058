package io.cocoi.codec.latency;

import java.io.Serializable;

/**
 * What goes wrong on the cluster (paper section V): every transfer gets an extra exponential delay
 * with mean {@code straggling}·(its expected time) (scenario 1, λ_tr); {@code failures} workers,
 * chosen at random, never return in each layer (scenario 2, n_f); and with {@code
 * stragglerSlowdown} above 1, one worker computes that many times slower than the rest (scenario
 * 3's high-probability straggler: 85.2 s against 50.8 s for VGG16, a factor 1.68).
 */
public record Scenario(double straggling, int failures, double stragglerSlowdown)
        implements Serializable {

    public static final Scenario NONE = new Scenario(0, 0, 1);

    public Scenario {
        if (!(straggling >= 0) || Double.isInfinite(straggling)) {
            throw new IllegalArgumentException(
                    "straggling lambda=%s, expected a finite value >= 0".formatted(straggling));
        }
        if (failures < 0) {
            throw new IllegalArgumentException(
                    "failures n_f=%d, expected 0 or more".formatted(failures));
        }
        if (!(stragglerSlowdown >= 1) || Double.isInfinite(stragglerSlowdown)) {
            throw new IllegalArgumentException(
                    "straggler slowdown %s, expected a finite factor >= 1"
                            .formatted(stragglerSlowdown));
        }
    }

    public static Scenario straggling(double lambda) {
        return new Scenario(lambda, 0, 1);
    }

    public static Scenario failures(int failedWorkers) {
        return new Scenario(0, failedWorkers, 1);
    }

    /** Checks that at least one of n workers survives. */
    public void requireFits(int n) {
        if (failures >= n) {
            throw new IllegalArgumentException(
                    "failures n_f=%d with n=%d workers, expected fewer failures than workers"
                            .formatted(failures, n));
        }
    }

    public boolean hasStraggler() {
        return stragglerSlowdown > 1;
    }
}
