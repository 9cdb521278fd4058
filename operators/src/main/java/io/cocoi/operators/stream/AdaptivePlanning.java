package io.cocoi.operators.stream;

import java.io.Serializable;

/**
 * How a job re-plans k while it runs: the task samples each layer's fit keeps ({@code window}), how
 * many decoded requests of a layer pass between re-plans ({@code replanEvery}), and the master's
 * mean time per FLOP over a worker's ({@code masterRatio}, from the submitted profile).
 */
public record AdaptivePlanning(int window, int replanEvery, double masterRatio)
        implements Serializable {

    public static final int DEFAULT_WINDOW = 64;
    public static final int DEFAULT_REPLAN_EVERY = 8;

    public AdaptivePlanning {
        if (window < 4) {
            throw new IllegalArgumentException(
                    "adaptive planning window of %d task samples, expected 4 or more"
                            .formatted(window));
        }
        if (replanEvery < 1) {
            throw new IllegalArgumentException(
                    "adaptive re-plan every %d decoded requests, expected 1 or more"
                            .formatted(replanEvery));
        }
        if (!(masterRatio > 0) || Double.isInfinite(masterRatio)) {
            throw new IllegalArgumentException(
                    "adaptive planning master ratio %s, expected a finite value > 0"
                            .formatted(masterRatio));
        }
    }
}
