package io.cocoi.operators.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.TestTensors;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.weights.ConvWeights;
import io.cocoi.operators.weights.ModelWeights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Native tensors are freed when each call returns: the C allocator's bytes in use ({@link
 * NativeHeap}, where PyTorch keeps CPU tensors) stay flat over many calls. A leaked input and
 * output of the convolution below would be 550 KB a call, about 1 GB over 2 000 calls; the bound
 * allows for allocator caches and direct buffers awaiting collection. Set {@code
 * -Dcocoi.memory.calls=10000} for the long run.
 */
@EnabledOnOs(OS.LINUX)
class NativeMemoryTest {

    private static final int CALLS = Integer.getInteger("cocoi.memory.calls", 2_000);
    private static final int WARM_UP_CALLS = 1_000;
    private static final long MAX_GROWTH_BYTES = 64L << 20;
    private static final long CLEANER_WAIT_MS = 200;

    /** 32 channels on a 34×34 slab: 148 KB in, 131 KB out. */
    private static final ConvLayerShape SLAB = new ConvLayerShape("slab", 32, 32, 3, 1, 0, 34, 34);

    @Test
    void repeatedSlabConvolutionsDoNotGrowNativeMemory() throws InterruptedException {
        SplittableRandom random = new SplittableRandom(61);
        ConvWeights weights = TestTensors.convolutionWeights(SLAB, random);
        float[] input = TestTensors.uniform(SLAB.inputLength(), random);

        try (DjlConvolution convolution = DjlConvolution.forSlab(weights, SLAB)) {
            for (int call = 0; call < WARM_UP_CALLS; call++) {
                convolution.apply(input);
            }
            long before = nativeBytes();
            for (int call = 0; call < CALLS; call++) {
                convolution.apply(input);
            }
            long growth = nativeBytes() - before;

            assertThat(growth)
                    .as("native memory growth over %d calls", CALLS)
                    .isLessThan(MAX_GROWTH_BYTES);
        }
    }

    @Test
    void repeatedPassesOverAModelDoNotGrowNativeMemory() throws InterruptedException {
        ModelGraph graph = Models.resnet18(new ModelVariant(4, 64));
        float[] input = TestTensors.modelInput(graph, 62);
        int passes = CALLS / 10;

        try (ModelExecutor executor = ModelExecutor.create(graph, ModelWeights.seeded(graph, 63))) {
            for (int pass = 0; pass < WARM_UP_CALLS / 10; pass++) {
                executor.infer(input);
            }
            long before = nativeBytes();
            for (int pass = 0; pass < passes; pass++) {
                executor.infer(input);
            }
            long growth = nativeBytes() - before;

            assertThat(growth)
                    .as("native memory growth over %d passes", passes)
                    .isLessThan(MAX_GROWTH_BYTES);
        }
    }

    @Test
    void aLeakWouldShowInTheMeasure() throws InterruptedException {
        long before = nativeBytes();
        try (NDManager manager = TorchRuntime.newManager()) {
            manager.create(new float[1 << 25]);

            assertThat(nativeBytes() - before).isGreaterThan(MAX_GROWTH_BYTES);
        }
    }

    /** Native bytes in use once dropped direct buffers have been collected and cleaned. */
    private static long nativeBytes() throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            System.gc();
            Thread.sleep(CLEANER_WAIT_MS);
        }
        return NativeHeap.inUseBytes();
    }
}
