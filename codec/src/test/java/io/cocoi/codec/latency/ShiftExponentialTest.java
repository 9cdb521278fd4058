package io.cocoi.codec.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShiftExponentialTest {

    /** Relative error allowed on moments estimated from 200 000 draws (≈ 7 standard errors). */
    private static final double SAMPLING_TOLERANCE = 0.015;

    @Test
    void momentsFollowFromMuThetaAndWorkload() {
        ShiftExponential phase = new ShiftExponential(2e9, 1e-9, 4e9);

        assertThat(phase.shift()).isEqualTo(4.0);
        assertThat(phase.scale()).isEqualTo(2.0);
        assertThat(phase.mean()).isEqualTo(6.0);
        assertThat(phase.variance()).isEqualTo(4.0);
    }

    @Test
    void cdfStartsAtTheShiftAndDecaysWithTheScale() {
        ShiftExponential phase = new ShiftExponential(2e9, 1e-9, 4e9);

        assertThat(phase.cdf(3.999)).isZero();
        assertThat(phase.cdf(4.0)).isZero();
        assertThat(phase.cdf(6.0)).isCloseTo(1 - Math.exp(-1), within(1e-12));
        assertThat(phase.cdf(1e6)).isEqualTo(1.0);
    }

    @Test
    void samplesMatchTheMoments() {
        ShiftExponential phase = new ShiftExponential(5.0, 0.3, 10.0);
        SplittableRandom random = new SplittableRandom(42);
        int draws = 200_000;
        double sum = 0;
        double sumOfSquares = 0;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < draws; i++) {
            double value = phase.sample(random);
            sum += value;
            sumOfSquares += value * value;
            least = Math.min(least, value);
        }
        double mean = sum / draws;
        double variance = sumOfSquares / draws - mean * mean;

        assertThat(mean).isCloseTo(phase.mean(), within(phase.mean() * SAMPLING_TOLERANCE));
        assertThat(variance)
                .isCloseTo(phase.variance(), within(phase.variance() * 2 * SAMPLING_TOLERANCE));
        assertThat(least).isGreaterThanOrEqualTo(phase.shift());
    }

    @Test
    void rejectsParametersOutsideTheirDomain() {
        assertThatThrownBy(() -> new ShiftExponential(0, 1, 1))
                .hasMessage("shift-exponential straggler parameter mu=0.0, expected > 0");
        assertThatThrownBy(() -> new Phase(1, -0.5))
                .hasMessage("phase shift theta=-0.5, expected a finite value >= 0");
        assertThatThrownBy(() -> new ShiftExponential(1, 1, Double.NaN))
                .hasMessage("shift-exponential workload N=NaN, expected a finite value >= 0");
    }

    @Test
    void phaseOfMeanSplitsTheMeanIntoShiftAndExponentialPart() {
        Phase phase = Phase.ofMean(2e-9, 0.75);

        assertThat(phase.theta()).isCloseTo(1.5e-9, within(1e-21));
        assertThat(1 / phase.mu()).isCloseTo(0.5e-9, within(1e-21));
        assertThat(phase.meanTime(1e9)).isCloseTo(2.0, within(1e-12));
        assertThat(phase.slowedBy(2).meanTime(1e9)).isCloseTo(4.0, within(1e-12));
    }
}
