package io.cocoi.codec.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhaseFitTest {

    /** The bound on recovering µ and θ from 2 000 samples. */
    private static final double FIT_TOLERANCE = 0.05;

    @Test
    void recoversMuAndThetaFromTwoThousandSamplesOfMixedWorkloads() {
        Phase truth = new Phase(5e8, 1.2e-9);
        SplittableRandom random = new SplittableRandom(2026);
        double[] seconds = new double[2000];
        double[] workloads = new double[2000];
        for (int i = 0; i < seconds.length; i++) {
            workloads[i] = 1e8 * (1 + random.nextInt(20));
            seconds[i] = truth.of(workloads[i]).sample(random);
        }

        Phase fitted = PhaseFit.fit(seconds, workloads);

        assertThat(fitted.mu()).isCloseTo(truth.mu(), within(truth.mu() * FIT_TOLERANCE));
        assertThat(fitted.theta()).isCloseTo(truth.theta(), within(truth.theta() * FIT_TOLERANCE));
    }

    @Test
    void slidingWindowForgetsOldSamples() {
        PhaseFit window = new PhaseFit(500);
        SplittableRandom random = new SplittableRandom(8);
        Phase before = new Phase(1e9, 1e-9);
        Phase after = new Phase(2e8, 1e-9);
        for (int i = 0; i < 500; i++) {
            window.add(before.of(1e9).sample(random), 1e9);
        }
        for (int i = 0; i < 500; i++) {
            window.add(after.of(1e9).sample(random), 1e9);
        }

        assertThat(window.size()).isEqualTo(500);
        assertThat(window.fit().mu()).isCloseTo(after.mu(), within(after.mu() * 0.15));
    }

    @Test
    void refusesToFitWithoutSpread() {
        PhaseFit window = new PhaseFit(10);
        window.add(1.0, 1.0);
        assertThatThrownBy(window::fit).hasMessage("phase fit has 1 samples, expected 2 or more");
        window.add(1.0, 1.0);
        assertThatThrownBy(window::fit)
                .hasMessageContaining("all 2 samples equal 1.0 s per unit, no spread");
        assertThatThrownBy(() -> window.add(-1, 1))
                .hasMessage(
                        "phase sample of -1.0 s for workload 1.0, expected time >= 0 and workload"
                                + " > 0");
    }
}
