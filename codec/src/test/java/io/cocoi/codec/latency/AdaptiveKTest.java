package io.cocoi.codec.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.coding.CodeKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveKTest {

    private static final int N = 6;
    private static final int WINDOW = 60;

    /** A worker's mean time per FLOP (about a 2 GFLOP/s core) and per byte (1 Gbit/s). */
    private static final double SECONDS_PER_FLOP = 5e-10;

    private static final double SECONDS_PER_BYTE = 8e-9;

    @Test
    void choosesNothingUntilHalfTheWindowIsObserved() {
        AdaptiveK adaptive = adaptive();
        observe(adaptive, WINDOW / 2 - 1, 1.0, -1, 1);

        assertThat(adaptive.choose(N)).isEmpty();
        observe(adaptive, 1, 1.0, -1, 2);
        assertThat(adaptive.choose(N)).isPresent();
    }

    @Test
    void movesToKEqualNWhenNothingStraggles() {
        AdaptiveK adaptive = adaptive();
        observe(adaptive, WINDOW, 1.0, -1, 3);

        assertThat(adaptive.choose(N)).hasValue(N);
    }

    @Test
    void lowersKWhenOneWorkerTakesTwentyTimesAsLong() {
        AdaptiveK adaptive = adaptive();
        observe(adaptive, WINDOW, 1.0, -1, 4);
        observe(adaptive, WINDOW, 20.0, 5, 5);

        assertThat(adaptive.choose(N).getAsInt()).isLessThan(N);
    }

    @Test
    void keepsTheCurrentKUnlessAnotherIsClearlyFaster() {
        AdaptiveK adaptive = adaptive();
        observe(adaptive, WINDOW, 2.0, 5, 7);
        int best = adaptive.choose(N).getAsInt();
        double bestLatency = adaptive.expectedLatency(N, best);

        int kept = 0;
        for (int current = 1; current <= N; current++) {
            boolean close =
                    bestLatency
                            >= (1 - AdaptiveK.SWITCH_GAIN) * adaptive.expectedLatency(N, current);
            kept += close ? 1 : 0;
            assertThat(adaptive.choose(N, current))
                    .as("current k=%d, best k=%d", current, best)
                    .hasValue(close ? current : best);
        }
        assertThat(kept).as("a k other than the best within 5 %").isGreaterThan(1);
        assertThat(adaptive.choose(N, N + 1)).as("k beyond n is no option").hasValue(best);
    }

    @Test
    void plansForTheLiveWorkersAfterLosingSome() {
        AdaptiveK adaptive = adaptive();
        observe(adaptive, WINDOW, 1.0, -1, 6);

        assertThat(adaptive.choose(N - 2)).hasValue(N - 2);
    }

    @Test
    void evenTimesWithoutSpreadStillFit() {
        AdaptiveK adaptive = adaptive();
        LayerWorkload work = LayerWorkload.of(LatencyFixtures.CONV3_1, CodeKind.SYSTEMATIC, N, N);
        double compute = work.computeFlops() * SECONDS_PER_FLOP;
        for (int i = 0; i < WINDOW; i++) {
            adaptive.observe(N, N, compute, compute);
        }

        assertThat(adaptive.fittedProfile().receive().theta()).isZero();
        assertThat(adaptive.choose(N)).hasValue(N);
    }

    @Test
    void rejectsCodesItCannotPlanAndBadSamples() {
        assertThatThrownBy(
                        () -> new AdaptiveK(LatencyFixtures.CONV3_1, CodeKind.UNCODED, WINDOW, 1))
                .hasMessage(
                        "adaptive k for layer conv3_1: code uncoded fixes k or is rateless,"
                                + " expected systematic or vandermonde");
        assertThatThrownBy(() -> new AdaptiveK(LatencyFixtures.CONV3_1, CodeKind.SYSTEMATIC, 2, 1))
                .hasMessage(
                        "adaptive k for layer conv3_1: window of 2 samples, expected 4 or more");
        assertThatThrownBy(() -> adaptive().observe(N, 3, -1, 0))
                .hasMessage(
                        "adaptive k for layer conv3_1: task round trip -1.0 s with compute 0.0 s,"
                                + " expected times >= 0");
    }

    private static AdaptiveK adaptive() {
        return new AdaptiveK(LatencyFixtures.CONV3_1, CodeKind.SYSTEMATIC, WINDOW, 1.0);
    }

    /**
     * Feeds {@code tasks} tasks of (n, k) plans with k cycling through 3..n, mostly shift with a 10
     * % exponential part; task i of every {@code slowEvery + 1} (when ≥ 0) runs {@code slowdown}
     * times as long, like one slow worker among n.
     */
    private static void observe(
            AdaptiveK adaptive, int tasks, double slowdown, int slowEvery, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tasks; i++) {
            int k = 3 + i % (N - 2);
            LayerWorkload work =
                    LayerWorkload.of(LatencyFixtures.CONV3_1, CodeKind.SYSTEMATIC, N, k);
            boolean slow = slowEvery >= 0 && i % (slowEvery + 1) == slowEvery;
            double factor = (slow ? slowdown : 1.0) * (0.9 + 0.1 * random.nextExponential());
            double compute = work.computeFlops() * SECONDS_PER_FLOP * factor;
            double transfer =
                    (work.receiveBytes() + work.sendBytes())
                            * SECONDS_PER_BYTE
                            * (0.9 + 0.1 * random.nextExponential());
            adaptive.observe(N, k, compute + transfer, compute);
        }
    }
}
