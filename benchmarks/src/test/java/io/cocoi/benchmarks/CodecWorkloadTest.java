package io.cocoi.benchmarks;

import static io.cocoi.benchmarks.SlabErrors.FLOAT32_DECODE_TOLERANCE;
import static io.cocoi.benchmarks.SlabErrors.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.codec.coding.LinearDecoder;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CodecWorkloadTest {

    /** Float32 rounding of a k-term parity sum of values in [−1, 1). */
    private static final double FLOAT32_ENCODE_TOLERANCE = 1e-5;

    private static final long SEED = 11;

    /** A small VGG-like layer so the workload builds in milliseconds. */
    private static final ConvLayerShape SMALL_LAYER =
            new ConvLayerShape("small", 4, 6, 3, 1, 1, 20, 20);

    @Test
    void worstCaseArrivalLeavesTheMostSourcesMissing() {
        assertThat(CodecWorkload.worstCaseArrival(10, 8)).containsExactly(8, 9, 0, 1, 2, 3, 4, 5);
        assertThat(CodecWorkload.worstCaseArrival(10, 5)).containsExactly(5, 6, 7, 8, 9);
        assertThat(CodecWorkload.worstCaseArrival(10, 2)).containsExactly(2, 3);
    }

    @Test
    void decoderUsesEveryParityRowItCanForEachK() {
        for (int sources = 1; sources < CodecWorkload.WORKERS; sources++) {
            int k = sources;
            CodecWorkload workload = CodecWorkload.prepare(SMALL_LAYER, k, SEED);
            LinearDecoder decoder = workload.decoder();
            int missing = Math.min(k, CodecWorkload.WORKERS - k);

            long computed =
                    IntStream.range(0, k).filter(s -> decoder.passThroughPosition(s) < 0).count();
            long parityUsed = Arrays.stream(decoder.usedTasks()).filter(t -> t >= k).count();

            assertThat(computed).as("k=%d sources rebuilt", k).isEqualTo(missing);
            assertThat(parityUsed).as("k=%d parity results read", k).isEqualTo(missing);
        }
    }

    @Test
    void decodeReproducesTheSourceOutputSlabs() {
        for (int k : new int[] {2, 5, 8}) {
            CodecWorkload workload = CodecWorkload.prepare(SMALL_LAYER, k, SEED);

            workload.decodeAll();

            assertThat(relativeError(workload.decodedSources(), workload.outputSources()))
                    .as("k=%d", k)
                    .isLessThan(FLOAT32_DECODE_TOLERANCE);
        }
    }

    @Test
    void encodeWritesEachParityTaskAsItsGeneratorRowTimesTheInputSlabs() {
        int k = 5;
        CodecWorkload workload = CodecWorkload.prepare(SMALL_LAYER, k, SEED);

        workload.encodeAllParity();

        float[][] slabs = workload.inputSlabs();
        for (int task = k; task < CodecWorkload.WORKERS; task++) {
            double[] row = workload.code().generatorRow(task);
            float[] parity = workload.parityTargets()[task - k];
            for (int e = 0; e < workload.inputSlabLength(); e++) {
                double expected = 0;
                for (int source = 0; source < k; source++) {
                    expected += row[source] * slabs[source][e];
                }
                assertThat(parity[e])
                        .as("task %d element %d", task, e)
                        .isCloseTo(
                                (float) expected,
                                within(
                                        (float)
                                                (FLOAT32_ENCODE_TOLERANCE
                                                        * (1 + Math.abs(expected))
                                                        * k)));
            }
        }
    }

    @Test
    void slabsHaveTheSplitsSizesAndThroughputCountsTheirBytes() {
        CodecWorkload workload = CodecWorkload.prepare(Vgg16Layers.byName("conv5_1"), 5, SEED);

        // conv5_1: 512 channels, 14×14 padded to 16×16; W_O = 14 splits into 5 × 2 columns.
        assertThat(workload.inputSlabLength()).isEqualTo(512 * 16 * 4);
        assertThat(workload.outputSlabLength()).isEqualTo(512 * 14 * 2);
        assertThat(CodecWorkload.encodeBytes(workload.split())).isEqualTo(10L * 512 * 16 * 4 * 4);
        assertThat(CodecWorkload.decodeBytes(workload.split()))
                .isEqualTo(2L * 5 * 512 * 14 * 2 * 4);
    }
}
