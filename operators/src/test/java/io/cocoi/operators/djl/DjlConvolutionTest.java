package io.cocoi.operators.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.operators.TestTensors;
import io.cocoi.operators.weights.ConvWeights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DjlConvolutionTest {

    /** float32 accumulation in PyTorch against a float64 loop, on sums of about 100 terms. */
    private static final double MAX_ABSOLUTE_ERROR = 1e-5;

    private static final ConvLayerShape LAYER = new ConvLayerShape("conv", 4, 6, 3, 2, 1, 9, 11);

    @Test
    void layerConvolutionMatchesTheNaiveLoopWithBiasAndPadding() {
        SplittableRandom random = new SplittableRandom(11);
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, random);
        float[] input = TestTensors.uniform(LAYER.inputLength(), random);

        float[] output;
        try (DjlConvolution convolution = DjlConvolution.forLayer(weights)) {
            output = convolution.apply(input);
        }

        float[] expected =
                NaiveConvolution.convolve(LAYER, input, weights.weight(), weights.bias());
        assertThat(output).hasSize(LAYER.outputLength());
        assertMaxDifference(output, expected);
    }

    @Test
    void slabConvolutionIgnoresTheBiasAndUsesNoPadding() {
        SplittableRandom random = new SplittableRandom(12);
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, random);
        ConvSplit split = ConvSplit.of(LAYER, 2);
        ConvLayerShape slabShape = split.partitionShape();
        float[] slab = TestTensors.uniform(slabShape.inputLength(), random);

        float[] output;
        try (DjlConvolution convolution = DjlConvolution.forSlab(weights, slabShape)) {
            output = convolution.apply(slab);
        }

        assertThat(slabShape.padding()).isZero();
        assertMaxDifference(
                output, NaiveConvolution.convolve(slabShape, slab, weights.weight(), null));
    }

    @Test
    void rejectsAnInputOfTheWrongLength() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(13));
        try (DjlConvolution convolution = DjlConvolution.forLayer(weights)) {
            assertThatThrownBy(() -> convolution.apply(new float[10]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("convolution conv: input has 10 floats, expected 396 (4x9x11)");
        }
    }

    @Test
    void rejectsASlabShapeWithAnotherKernel() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(14));
        ConvLayerShape other = new ConvLayerShape("conv", 4, 6, 1, 2, 0, 9, 5);

        assertThatThrownBy(() -> DjlConvolution.forSlab(weights, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slab shape conv(4->6, k1 s2 p0, 9x5)");
    }

    private static void assertMaxDifference(float[] actual, float[] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).isLessThan(MAX_ABSOLUTE_ERROR);
    }
}
