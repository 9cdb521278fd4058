package io.cocoi.operators.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.npy.FloatTensor;
import io.cocoi.operators.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWeightsTest {

    /** Folding computes in float64 and rounds once to float32. */
    private static final float FOLD_TOLERANCE = 1e-6f;

    /** Sample standard deviation of 36 864 Kaiming draws stays within 2 % of its target. */
    private static final double STD_TOLERANCE = 0.02;

    private static final ModelVariant SMALL = new ModelVariant(8, 64);

    @TempDir Path folder;

    @Test
    void seededStateDictsAreDeterministicAndUseTorchvisionNames() {
        ModelGraph vgg16 = Models.vgg16(SMALL);

        Map<String, FloatTensor> first = SeededWeights.torchvision(vgg16, 5);
        Map<String, FloatTensor> second = SeededWeights.torchvision(vgg16, 5);
        Map<String, FloatTensor> other = SeededWeights.torchvision(vgg16, 6);

        assertThat(first).containsExactlyEntriesOf(second);
        assertThat(first.get("features.0.weight")).isNotEqualTo(other.get("features.0.weight"));
        assertThat(first.keySet())
                .startsWith("features.0.weight", "features.0.bias", "features.2.weight")
                .endsWith("classifier.6.weight", "classifier.6.bias")
                .hasSize(2 * 13 + 2 * 3);
        assertThat(first.get("features.28.weight").shape()).containsExactly(64, 64, 3, 3);
    }

    @Test
    void seededConvolutionsAreKaimingNormalWithFanOut() {
        ModelGraph vgg16 = Models.vgg16(ModelVariant.FULL);
        Map<String, FloatTensor> stateDict = SeededWeights.torchvision(vgg16, 7);

        float[] weight = stateDict.get("features.2.weight").values();

        double expectedStd = Math.sqrt(2.0 / (64 * 3 * 3));
        assertThat(standardDeviation(weight))
                .isCloseTo(expectedStd, within(expectedStd * STD_TOLERANCE));
        assertThat(stateDict.get("features.2.bias").values()).containsOnly(0f);
        assertThat(standardDeviation(stateDict.get("classifier.6.weight").values()))
                .isCloseTo(0.01, within(0.01 * STD_TOLERANCE));
    }

    @Test
    void batchNormIsFoldedIntoThePrecedingConvolution() {
        ModelGraph resnet18 = Models.resnet18(SMALL);
        Map<String, FloatTensor> stateDict = SeededWeights.withRandomStatistics(resnet18, 8);

        ModelWeights weights = ModelWeights.fromStateDict(resnet18, stateDict);

        // Output channel 3 of conv1: W' = W·γ/√(σ²+ε), b' = β − µ·γ/√(σ²+ε).
        int channel = 3;
        double scale =
                stateDict.get("bn1.weight").values()[channel]
                        / Math.sqrt(stateDict.get("bn1.running_var").values()[channel] + 1e-5);
        ConvWeights conv1 = weights.convolution("conv1");
        int perChannel = 3 * 7 * 7;
        float[] raw = stateDict.get("conv1.weight").values();
        for (int i = channel * perChannel; i < (channel + 1) * perChannel; i++) {
            assertThat(conv1.weight()[i])
                    .isCloseTo((float) (raw[i] * scale), within(FOLD_TOLERANCE));
        }
        float expectedBias =
                (float)
                        (stateDict.get("bn1.bias").values()[channel]
                                - stateDict.get("bn1.running_mean").values()[channel] * scale);
        assertThat(conv1.bias()[channel]).isCloseTo(expectedBias, within(FOLD_TOLERANCE));
        assertThat(weights.convolution("layer2.0.downsample.0").bias()).doesNotContain(0f);
    }

    @Test
    void anNpzWrittenHereRoundTripsThroughTheLoader() throws IOException {
        ModelGraph resnet18 = Models.resnet18(SMALL);
        Map<String, FloatTensor> stateDict =
                new LinkedHashMap<>(SeededWeights.withRandomStatistics(resnet18, 9));
        stateDict.put("bn1.num_batches_tracked", new FloatTensor(new int[] {}, new float[] {1}));
        Path file = folder.resolve("resnet18.npz");
        Npz.write(stateDict, file);

        ModelWeights loaded = ModelWeights.fromNpz(resnet18, file);

        ModelWeights direct = ModelWeights.fromStateDict(resnet18, stateDict);
        assertThat(loaded.parameterCount()).isEqualTo(direct.parameterCount());
        for (var convolution : resnet18.convolutions()) {
            ConvWeights expected = direct.convolution(convolution);
            assertThat(loaded.convolution(convolution).weight()).containsExactly(expected.weight());
            assertThat(loaded.convolution(convolution).bias()).containsExactly(expected.bias());
        }
        assertThat(loaded.linear("fc").weight()).containsExactly(direct.linear("fc").weight());
    }

    @Test
    void aBadStateDictFailsListingEveryBadKey() throws IOException {
        ModelGraph vgg16 = Models.vgg16(SMALL);
        Map<String, FloatTensor> stateDict =
                new LinkedHashMap<>(SeededWeights.torchvision(vgg16, 10));
        stateDict.remove("features.5.bias");
        stateDict.remove("classifier.3.weight");
        stateDict.put("features.99.weight", new FloatTensor(new int[] {1}, new float[1]));
        stateDict.put("classifier.6.bias", new FloatTensor(new int[] {10}, new float[10]));
        Path file = folder.resolve("bad.npz");
        Npz.write(stateDict, file);

        assertThatThrownBy(() -> ModelWeights.fromNpz(vgg16, file))
                .isInstanceOfSatisfying(
                        WeightsMismatchException.class,
                        e -> {
                            assertThat(e.missing())
                                    .containsExactly(
                                            "features.5.bias (16,)",
                                            "classifier.3.weight (512, 512)");
                            assertThat(e.unexpected()).containsExactly("features.99.weight");
                            assertThat(e.misshaped())
                                    .containsExactly(
                                            "classifier.6.bias is (10,), expected (1000,)");
                        })
                .hasMessage(
                        """
                        weights do not fit vgg16:
                          missing keys: features.5.bias (16,), classifier.3.weight (512, 512)
                          unexpected keys: features.99.weight
                          misshaped keys: classifier.6.bias is (10,), expected (1000,)\
                        """);
    }

    @Test
    void weightsOfAnotherVariantAreRejectedAsMisshaped() {
        Map<String, FloatTensor> small = SeededWeights.torchvision(Models.resnet18(SMALL), 11);

        assertThatThrownBy(
                        () ->
                                ModelWeights.fromStateDict(
                                        Models.resnet18(new ModelVariant(4, 64)), small))
                .isInstanceOf(WeightsMismatchException.class)
                .hasMessageContaining("conv1.weight is (8, 3, 7, 7), expected (16, 3, 7, 7)");
    }

    private static double standardDeviation(float[] values) {
        double mean = 0;
        for (float value : values) {
            mean += value;
        }
        mean /= values.length;
        double variance = 0;
        for (float value : values) {
            variance += (value - mean) * (value - mean);
        }
        return Math.sqrt(variance / values.length);
    }
}
