package io.cocoi.codec.latency;

import io.cocoi.codec.coding.CodeKind;

/**
 * What the {@link Planner} needs: the cluster's profile, n workers, the scenario, the code, the
 * Monte Carlo sample count per (layer, k), a seed, which model picks k° and whether to simulate
 * LtCoI too. Built with {@link #builder()}; every check is in {@link Builder#build()}.
 *
 * <pre>{@code
 * PlannerOptions options = PlannerOptions.builder()
 *         .setProfile(profile)
 *         .setWorkers(10)
 *         .optScenario(Scenario.straggling(0.4))
 *         .build();
 * }</pre>
 */
public record PlannerOptions(
        DeviceProfile profile,
        int workers,
        Scenario scenario,
        CodeKind code,
        int samples,
        long seed,
        Approximation approximation,
        boolean includeLt) {

    public static final int DEFAULT_SAMPLES = 100_000;

    /** The closed form that picks k°. */
    public enum Approximation {
        /** E[T_c(k)] by numerical integration of the worker-time order statistic. */
        NUMERICAL,
        /** Eq. 16 with the exact order-statistic mean and the master's remainder. */
        HARMONIC,
        /** Eq. 16 as printed, with ln(n/(n − k)). */
        PAPER
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; defaults: no scenario, systematic code, 100 000 samples, numerical. */
    public static final class Builder {
        private DeviceProfile profile;
        private int workers;
        private Scenario scenario = Scenario.NONE;
        private CodeKind code = CodeKind.SYSTEMATIC;
        private int samples = DEFAULT_SAMPLES;
        private long seed = 1;
        private Approximation approximation = Approximation.NUMERICAL;
        private boolean includeLt;

        private Builder() {}

        public Builder setProfile(DeviceProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder setWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder optScenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        public Builder optCode(CodeKind code) {
            this.code = code;
            return this;
        }

        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optApproximation(Approximation approximation) {
            this.approximation = approximation;
            return this;
        }

        /** Also simulate LtCoI with k_s ≤ n and k_l = W_O (slower). */
        public Builder optIncludeLt(boolean includeLt) {
            this.includeLt = includeLt;
            return this;
        }

        public PlannerOptions build() {
            if (profile == null) {
                throw new IllegalArgumentException("planner: a device profile is required");
            }
            if (workers < 1) {
                throw new IllegalArgumentException(
                        "planner: %d workers, expected 1 or more".formatted(workers));
            }
            if (scenario == null || code == null || approximation == null) {
                throw new IllegalArgumentException(
                        "planner: scenario, code and approximation must not be null");
            }
            scenario.requireFits(workers);
            if (!Planner.plans(code)) {
                throw new IllegalArgumentException(
                        "planner: code %s fixes k or is rateless, expected systematic or"
                                        .formatted(code.cliName())
                                + " vandermonde");
            }
            if (samples < 1) {
                throw new IllegalArgumentException(
                        "planner: %d Monte Carlo samples, expected 1 or more".formatted(samples));
            }
            return new PlannerOptions(
                    profile, workers, scenario, code, samples, seed, approximation, includeLt);
        }
    }
}
