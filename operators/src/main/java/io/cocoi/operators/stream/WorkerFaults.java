package io.cocoi.operators.stream;

import java.io.Serializable;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Faults injected at the workers, for tests and evaluation: per worker index, the probability of
 * dropping a task (a failure: no result ever comes back) and a slowdown factor applied to its real
 * computation time by waiting (a straggler). Workers beyond the arrays run normally.
 */
public record WorkerFaults(double[] dropProbability, double[] slowdown) implements Serializable {

    public WorkerFaults {
        for (double probability : dropProbability) {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException(
                        "worker drop probability %s, expected 0 to 1".formatted(probability));
            }
        }
        for (double factor : slowdown) {
            if (!(factor >= 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException(
                        "worker slowdown %s, expected a finite factor >= 1".formatted(factor));
            }
        }
        dropProbability = dropProbability.clone();
        slowdown = slowdown.clone();
    }

    public static WorkerFaults none() {
        return new WorkerFaults(new double[0], new double[0]);
    }

    /** Worker {@code worker} drops every task. */
    public WorkerFaults withFailed(int worker) {
        double[] drops =
                Arrays.copyOf(dropProbability, Math.max(dropProbability.length, worker + 1));
        drops[worker] = 1;
        return new WorkerFaults(drops, slowdown);
    }

    /** Worker {@code worker} takes {@code factor} times as long as its computation. */
    public WorkerFaults withSlowdown(int worker, double factor) {
        double[] factors = Arrays.copyOf(slowdown, Math.max(slowdown.length, worker + 1));
        Arrays.fill(factors, slowdown.length, factors.length, 1.0);
        factors[worker] = factor;
        return new WorkerFaults(dropProbability, factors);
    }

    /** The highest worker index with a fault, plus one. */
    public int workers() {
        return Math.max(dropProbability.length, slowdown.length);
    }

    public boolean drops(int worker, RandomGenerator random) {
        return worker < dropProbability.length && random.nextDouble() < dropProbability[worker];
    }

    public double slowdownOf(int worker) {
        return worker < slowdown.length ? slowdown[worker] : 1.0;
    }
}
