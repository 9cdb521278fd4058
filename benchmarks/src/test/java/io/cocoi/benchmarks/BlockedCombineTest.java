package io.cocoi.benchmarks;

import static io.cocoi.benchmarks.SlabErrors.FLOAT32_DECODE_TOLERANCE;
import static io.cocoi.benchmarks.SlabErrors.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.codec.geometry.ConvLayerShape;
import org.junit.jupiter.api.Test;

class BlockedCombineTest {

    /** Float32 rounding differences between two summation orders of k terms in [−1, 1). */
    private static final float SUMMATION_ORDER_TOLERANCE = 1e-5f;

    private static final long SEED = 23;

    /**
     * Input slabs of 12×22×(W^p_O + 2) floats, from 5808 at k = 1 down to 1056 at k = 9: below k =
     * 4 a slab spans several blocks and the last block is short.
     */
    private static final ConvLayerShape LAYER =
            new ConvLayerShape("blocks", 12, 30, 3, 1, 1, 20, 20);

    @Test
    void blockedEncodeMatchesTheCodecsParityForEveryK() {
        for (int k = 1; k < CodecWorkload.WORKERS; k++) {
            CodecWorkload workload = CodecWorkload.prepare(LAYER, k, SEED);
            workload.encodeAllParity();
            float[][] expected = copy(workload.parityTargets());
            float[][] blocked = new float[expected.length][expected[0].length];

            BlockedCombine.combineAll(workload.parityRows(), workload.inputSlabs(), blocked);

            for (int t = 0; t < expected.length; t++) {
                for (int e = 0; e < expected[t].length; e++) {
                    assertThat(blocked[t][e])
                            .as("k=%d parity %d element %d", k, t, e)
                            .isCloseTo(expected[t][e], within(SUMMATION_ORDER_TOLERANCE));
                }
            }
        }
    }

    @Test
    void blockedDecodeReproducesTheSourceOutputSlabs() {
        for (int k = 1; k < CodecWorkload.WORKERS; k++) {
            CodecWorkload workload = CodecWorkload.prepare(LAYER, k, SEED);
            float[][] decoded = new float[k][workload.outputSlabLength()];

            BlockedCombine.combineAll(workload.decodingRows(), workload.arrivedResults(), decoded);

            assertThat(relativeError(decoded, workload.outputSources()))
                    .as("k=%d", k)
                    .isLessThan(FLOAT32_DECODE_TOLERANCE);
        }
    }

    @Test
    void aRowWithoutTermsWritesZeros() {
        float[][] targets = {{1f, 2f, 3f}};

        BlockedCombine.combineAll(new float[][] {{0f}}, new float[][] {null}, targets);

        assertThat(targets[0]).containsExactly(0f, 0f, 0f);
    }

    private static float[][] copy(float[][] arrays) {
        float[][] copies = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copies[i] = arrays[i].clone();
        }
        return copies;
    }
}
