package io.cocoi.codec.latency;

import static io.cocoi.codec.latency.LatencyFixtures.CONV3_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import org.junit.jupiter.api.Test;

class LatencyModelTest {

    /** Relative agreement of 200 000-sample Monte Carlo means with exact closed forms. */
    private static final double MONTE_CARLO_TOLERANCE = 0.01;

    private static final int SAMPLES = 200_000;

    @Test
    void paperApproximationMatchesEquationSixteenByHand() {
        // A 1-channel 3x3 convolution of an 8x8 input, padding 1: W_O = 8, k = 2, n = 4.
        ConvLayerShape layer = new ConvLayerShape("tiny", 1, 1, 3, 1, 1, 8, 8);
        DeviceProfile profile =
                new DeviceProfile(
                        "round",
                        new Phase(1.0, 0.5),
                        new Phase(2.0, 0.25),
                        new Phase(4.0, 0.125),
                        new Phase(8.0, 0.0625));
        LayerWorkload work = LayerWorkload.of(layer, CodeKind.VANDERMONDE, 4, 2);

        // Slab: 1 x 10 x 6 inputs (W^p_I = 3 + 3), 1 x 8 x 4 outputs.
        double encode = 2 * 2 * 4 * 60;
        double decode = 2 * 2 * 2 * 32;
        double compute = 2 * 1 * 8 * 4 * 1 * 9;
        double receive = 4 * 60;
        double send = 4 * 32;
        double masterPerUnit = 1 / 1.0 + 0.5;
        double shiftSum = receive * 0.125 + compute * 0.25 + send * 0.0625;
        double scaleSum = receive / 4.0 + compute / 2.0 + send / 8.0;
        double expected =
                (encode + decode) * masterPerUnit + shiftSum + scaleSum * Math.log(4.0 / 2.0);

        LatencyModel model = new LatencyModel(profile, 4, Scenario.NONE);
        assertThat(work.encodeFlops()).isEqualTo(encode);
        assertThat(work.decodeFlops(2)).isEqualTo(decode);
        assertThat(model.paperApproximation(work)).isCloseTo(expected, within(1e-9));
        assertThat(model.paperApproximation(LayerWorkload.of(layer, CodeKind.VANDERMONDE, 4, 4)))
                .isInfinite();
    }

    @Test
    void systematicCodeEncodesOnlyParityAndDecodesOnlyMissingSources() {
        LayerWorkload systematic = LayerWorkload.of(CONV3_1, CodeKind.SYSTEMATIC, 10, 8);
        LayerWorkload vandermonde = LayerWorkload.of(CONV3_1, CodeKind.VANDERMONDE, 10, 8);

        assertThat(systematic.encodeFlops()).isEqualTo(vandermonde.encodeFlops() * 2 / 10);
        assertThat(systematic.decodeFlops(0)).isZero();
        assertThat(systematic.decodeFlops(2)).isEqualTo(vandermonde.decodeFlops(8) * 2 / 8);
        assertThat(systematic.expectedDecodeFlops())
                .isCloseTo(systematic.decodeFlops(1) * 8 * 2 / 10.0, within(1e-3));
    }

    @Test
    void simulatedOrderStatisticMatchesHarmonicClosedFormForExponentialWork() {
        DeviceProfile profile = LatencyFixtures.onlyComputeRandom(1e-9);
        LatencyModel model = new LatencyModel(profile, 8, Scenario.NONE);
        SimulatedLayer simulation =
                new LayerSimulation(profile, 8, Scenario.NONE, CodeKind.SYSTEMATIC, SAMPLES, 3)
                        .run(CONV3_1);

        for (int k : new int[] {1, 2, 4, 7, 8}) {
            LayerWorkload work = LayerWorkload.of(CONV3_1, CodeKind.SYSTEMATIC, 8, k);
            double expected = model.harmonicApproximation(work);
            assertThat(simulation.coded(k))
                    .as("k=%d", k)
                    .isCloseTo(expected, within(expected * MONTE_CARLO_TOLERANCE));
            assertThat(model.numericalExpectation(work))
                    .as("numerical integration with one exponential phase, k=%d", k)
                    .isCloseTo(expected, within(expected * 1e-4));
        }
    }

    @Test
    void failedWorkersShrinkThePoolTheOrderStatisticIsTakenOver() {
        DeviceProfile profile = LatencyFixtures.onlyComputeRandom(1e-9);
        Scenario twoFail = Scenario.failures(2);
        LatencyModel model = new LatencyModel(profile, 10, twoFail);
        SimulatedLayer simulation =
                new LayerSimulation(profile, 10, twoFail, CodeKind.SYSTEMATIC, SAMPLES, 5)
                        .run(CONV3_1);

        for (int k : new int[] {4, 7, 8, 10}) {
            double expected =
                    model.harmonicApproximation(
                            LayerWorkload.of(CONV3_1, CodeKind.SYSTEMATIC, 10, k));
            assertThat(simulation.coded(k))
                    .as("k=%d of 8 live workers, the master computing the rest", k)
                    .isCloseTo(expected, within(expected * MONTE_CARLO_TOLERANCE));
        }
    }

    @Test
    void uncodedEquationTwentyDiffersFromItsSimulationByTheHarmonicBias() {
        DeviceProfile profile = LatencyFixtures.onlyComputeRandom(1e-9);
        int n = 8;
        LatencyModel model = new LatencyModel(profile, n, Scenario.NONE);
        SimulatedLayer simulation =
                new LayerSimulation(profile, n, Scenario.NONE, CodeKind.SYSTEMATIC, SAMPLES, 9)
                        .run(CONV3_1);

        // Eq. 20 uses ln n for E[max of n unit exponentials] = H_n; the rest of it is exact here
        // except the input overlap, which is deterministic and counted in both.
        LayerWorkload partition = LayerWorkload.of(CONV3_1, CodeKind.UNCODED, n, n);
        double computeScale = partition.computeFlops() * 1e-9;
        double bias = computeScale * (LatencyModel.harmonic(n) - Math.log(n));
        double overlapShift = 4.0 * 128 * 58 * 2 * 8e-8;
        double expected = model.uncodedPaper(CONV3_1) + bias - overlapShift;

        assertThat(simulation.uncoded())
                .isCloseTo(expected, within(expected * MONTE_CARLO_TOLERANCE));
    }

    @Test
    void pi4bProfileReproducesThePapersLocalLatency() {
        double vggConvolutionFlops = 30.7e9;
        DeviceProfile profile =
                Pi4bProfile.forModel(
                        "vgg16",
                        Pi4bProfile.VGG16_LOCAL_SECONDS,
                        Pi4bProfile.VGG16_CONVOLUTION_SHARE,
                        vggConvolutionFlops);

        assertThat(profile.master().meanTime(vggConvolutionFlops))
                .isCloseTo(50.8 * 0.9943, within(1e-9));
        assertThat(profile.receive().meanTime(12.5e6)).isCloseTo(1.0, within(1e-9));
        assertThat(profile.compute().theta() * profile.compute().mu()).isCloseTo(4.0, within(1e-9));
    }
}
