package io.cocoi.codec.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvSplitTest {

    @Test
    void partitionsAndRemainderReassembleTheFullConvolution() {
        Random random = new Random(20261203L);
        int checkedSplits = 0;
        for (int trial = 0; trial < 60; trial++) {
            ConvLayerShape layer = randomLayer(random, trial);
            float[] input = randomArray(random, layer.inputLength());
            float[] weights =
                    randomArray(
                            random,
                            layer.outChannels()
                                    * layer.inChannels()
                                    * layer.kernelSize()
                                    * layer.kernelSize());
            float[] expected = NaiveConvolution.convolve(layer, input, weights);

            for (int k = 1; k <= Math.min(10, layer.splitOutputExtent()); k++) {
                ConvSplit split = ConvSplit.of(layer, k);
                float[] assembled = new float[layer.outputLength()];
                for (int i = 0; i < k; i++) {
                    convolvePartition(split, split.source(i), input, weights, assembled);
                }
                if (split.hasRemainder()) {
                    convolvePartition(split, split.remainder(), input, weights, assembled);
                }

                // Each output element sums the same products in the same order either way.
                assertThat(assembled).as("%s", split).containsExactly(expected);
                assertThat(placedAtOnce(split, input, weights)).as("%s", split).isEqualTo(expected);
                float[][] sourceInputs = split.extractSourceInputs(input);
                for (int i = 0; i < k; i++) {
                    float[] slab = new float[split.inputSlabLength(split.source(i))];
                    split.extractInput(input, split.source(i), slab);
                    assertThat(sourceInputs[i]).as("%s source %d", split, i).isEqualTo(slab);
                }
                checkedSplits++;
            }
        }
        assertThat(checkedSplits).isGreaterThan(300);
    }

    @Test
    void sourceSlabsShareOneInputExtentPerEquationOne() {
        ConvLayerShape conv31 = new ConvLayerShape("conv3_1", 128, 256, 3, 1, 1, 56, 56);
        ConvSplit split = ConvSplit.of(conv31, 5);

        assertThat(split.partitionOutputExtent()).isEqualTo(11);
        assertThat(split.partitionInputExtent()).isEqualTo(13);
        assertThat(split.remainderOutputExtent()).isEqualTo(1);
        assertThat(split.source(2)).isEqualTo(new PartitionRange(22, 33, 22, 35));
        assertThat(split.remainder()).isEqualTo(new PartitionRange(55, 56, 55, 58));
        assertThat(split.inputSlabLength(split.source(0))).isEqualTo(128 * 58 * 13);
        assertThat(split.outputSlabLength(split.source(0))).isEqualTo(256 * 56 * 11);
    }

    @Test
    void stridedLayerRangesFollowEquationTwo() {
        ConvLayerShape layer = new ConvLayerShape("downsample", 64, 128, 3, 2, 1, 56, 56);
        ConvSplit split = ConvSplit.of(layer, 4);

        assertThat(layer.outputWidth()).isEqualTo(28);
        assertThat(split.partitionInputExtent()).isEqualTo(3 + 6 * 2);
        assertThat(split.source(1)).isEqualTo(new PartitionRange(7, 14, 14, 29));
        assertThat(split.hasRemainder()).isFalse();
    }

    @Test
    void tallInputIsSplitAlongItsHeight() {
        ConvLayerShape tall = new ConvLayerShape("tall", 2, 3, 3, 1, 1, 40, 12);

        assertThat(tall.splitAxis()).isEqualTo(SplitAxis.HEIGHT);
        ConvSplit split = ConvSplit.of(tall, 3);
        assertThat(split.partitionShape().inputHeight()).isEqualTo(15);
        assertThat(split.partitionShape().inputWidth()).isEqualTo(14);
        assertThat(split.source(2).outputEnd()).isEqualTo(39);
        assertThat(split.remainder()).isEqualTo(new PartitionRange(39, 40, 39, 42));
    }

    @Test
    void rejectsSplitCountsOutsideTheOutputExtent() {
        ConvLayerShape layer = new ConvLayerShape("conv5_3", 512, 512, 3, 1, 1, 14, 14);

        assertThatThrownBy(() -> ConvSplit.of(layer, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv5_3")
                .hasMessageContaining("k=0")
                .hasMessageContaining("expected 1 to 14");
        assertThatThrownBy(() -> ConvSplit.of(layer, 15))
                .hasMessageContaining("k=15")
                .hasMessageContaining("expected 1 to 14");
    }

    @Test
    void rejectsKernelLargerThanPaddedInput() {
        assertThatThrownBy(() -> new ConvLayerShape("tiny", 1, 1, 7, 1, 1, 4, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel 7x7 is larger than the padded input 6x6");
    }

    @Test
    void rejectsNonPositiveDimensions() {
        assertThatThrownBy(() -> new ConvLayerShape("conv", 0, 8, 3, 1, 1, 8, 8))
                .hasMessage("layer conv: inChannels is 0, expected 1 or more");
        assertThatThrownBy(() -> new ConvLayerShape("conv", 3, 8, 3, 1, -1, 8, 8))
                .hasMessage("layer conv: padding is -1, expected 0 or more");
    }

    @Test
    void placingAllSlabsNeedsEverySourceAndTheRemainder() {
        ConvLayerShape layer = new ConvLayerShape("conv", 2, 4, 3, 1, 1, 8, 9);
        ConvSplit split = ConvSplit.of(layer, 2);

        assertThatThrownBy(
                        () -> split.placeOutputs(new float[2][], new float[layer.outputLength()]))
                .hasMessage(
                        "layer conv k=2: 2 output slabs, expected 3 (2 sources and the"
                                + " remainder)");
    }

    @Test
    void rejectsSlabBuffersOfTheWrongLength() {
        ConvLayerShape layer = new ConvLayerShape("conv", 2, 4, 3, 1, 1, 8, 8);
        ConvSplit split = ConvSplit.of(layer, 2);

        assertThatThrownBy(
                        () ->
                                split.extractInput(
                                        new float[layer.inputLength()],
                                        split.source(0),
                                        new float[7]))
                .hasMessage("layer conv k=2: input slab has 7 floats, expected 120");
    }

    private static void convolvePartition(
            ConvSplit split, PartitionRange range, float[] input, float[] weights, float[] output) {
        float[] slab = new float[split.inputSlabLength(range)];
        split.extractInput(input, range, slab);
        float[] slabOutput = NaiveConvolution.convolve(split.shapeOf(range), slab, weights);
        split.placeOutput(slabOutput, range, output);
    }

    /** The layer output from every slab's output placed by one {@code placeOutputs} call. */
    private static float[] placedAtOnce(ConvSplit split, float[] input, float[] weights) {
        int slabs = split.hasRemainder() ? split.k() + 1 : split.k();
        float[][] slabOutputs = new float[slabs][];
        for (int i = 0; i < slabs; i++) {
            PartitionRange range = i < split.k() ? split.source(i) : split.remainder();
            float[] slab = new float[split.inputSlabLength(range)];
            split.extractInput(input, range, slab);
            slabOutputs[i] = NaiveConvolution.convolve(split.shapeOf(range), slab, weights);
        }
        float[] output = new float[split.layer().outputLength()];
        split.placeOutputs(slabOutputs, output);
        return output;
    }

    private static ConvLayerShape randomLayer(Random random, int trial) {
        int kernel = 1 + 2 * random.nextInt(3);
        int padding = random.nextInt(kernel / 2 + 1);
        int stride = 1 + random.nextInt(2);
        int height = kernel + random.nextInt(14);
        int width = kernel + random.nextInt(20);
        return new ConvLayerShape(
                "random" + trial,
                1 + random.nextInt(3),
                1 + random.nextInt(3),
                kernel,
                stride,
                padding,
                height,
                width);
    }

    private static float[] randomArray(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
