package io.cocoi.jobs.cli;

import java.util.List;

/**
 * A method of the paper's comparison (section V) as {@code cocoi bench} runs it: its name and the
 * job options it maps to. Per-layer k that a method derives (k* from trial runs, k_l and k_s for
 * LT) are added by the bench as {@code --layer-k}.
 */
enum BenchMethod {
    /** CoCoI with the planned approximate optimum k° per layer, systematic MDS code. */
    COCOI_PLANNED("cocoi-planned", List.of("--code", "systematic")),

    /** CoCoI with k*, the best k per layer found by trying k through the job. */
    COCOI_BEST("cocoi-best", List.of("--code", "systematic")),

    /**
     * CoCoI re-planning k while the job runs, after every decoded request: a bench job decodes only
     * a warm-up and the repetitions, too few for the job's default interval.
     */
    COCOI_ADAPTIVE(
            "cocoi-adaptive",
            List.of(
                    "--code",
                    "systematic",
                    "--adaptive",
                    "--replan-every=1",
                    "--adaptive-window=16")),

    /** k = n, no redundancy. */
    UNCODED("uncoded", List.of("--code", "uncoded")),

    /** k = ⌊n/2⌋, each partition on two workers. */
    REPLICATION("replication", List.of("--code", "replication")),

    /** LT code with k_l = W_O per layer, the finest split. */
    LT_LARGE("lt-large", List.of("--code", "lt")),

    /** LT code with the best k_s ≤ n per layer. */
    LT_SMALL("lt-small", List.of("--code", "lt"));

    final String cliName;
    final List<String> jobOptions;

    BenchMethod(String cliName, List<String> jobOptions) {
        this.cliName = cliName;
        this.jobOptions = jobOptions;
    }

    static BenchMethod parse(String name) {
        for (BenchMethod method : values()) {
            if (method.cliName.equalsIgnoreCase(name.trim())) {
                return method;
            }
        }
        throw new IllegalArgumentException(
                "--methods '%s', expected some of %s"
                        .formatted(
                                name,
                                java.util.Arrays.stream(values())
                                        .map(method -> method.cliName)
                                        .toList()));
    }
}
