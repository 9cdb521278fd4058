package io.cocoi.benchmarks;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.Random;

/**
 * One full-layer bias-free convolution in DJL's PyTorch engine (NCHW, batch 1) on seeded data, and
 * the engine's thread settings.
 */
final class TorchConvolution {

    /** DJL reads these when the PyTorch engine starts and passes them to torch. */
    static final String INTRA_OP_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    static final String INTER_OP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /** Forbids DJL any download; libtorch comes from the pytorch-native-cpu jar. */
    static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private static final String ENGINE = "PyTorch";

    private final ConvLayerShape shape;
    private final NDArray input;
    private final NDArray weight;

    private TorchConvolution(ConvLayerShape shape, NDArray input, NDArray weight) {
        this.shape = shape;
        this.input = input;
        this.weight = weight;
    }

    /** A CPU manager of the PyTorch engine; the engine starts on the first call. */
    static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), ENGINE);
    }

    /** Input 1×C_I×H×W and weights C_O×C_I×K×K, uniform in [−1, 1) from {@code seed}. */
    static TorchConvolution seeded(NDManager manager, ConvLayerShape shape, long seed) {
        Random random = new Random(seed);
        NDArray input =
                manager.create(
                        SeededNoise.uniform(shape.inputLength(), random),
                        new Shape(1, shape.inChannels(), shape.inputHeight(), shape.inputWidth()));
        int kernel = shape.kernelSize();
        NDArray weight =
                manager.create(
                        SeededNoise.uniform(
                                shape.outChannels() * shape.inChannels() * kernel * kernel, random),
                        new Shape(shape.outChannels(), shape.inChannels(), kernel, kernel));
        return new TorchConvolution(shape, input, weight);
    }

    /** Torch's intra-op thread count, as the engine reports it. */
    static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    static int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    /** Throws unless torch runs {@code expected} intra-op threads. */
    static void requireIntraOpThreads(int expected) {
        int actual = intraOpThreads();
        if (actual != expected) {
            throw new IllegalStateException(
                    "PyTorch runs %d intra-op threads, expected %d; start the JVM with -D%s=%d"
                            .formatted(actual, expected, INTRA_OP_THREADS_PROPERTY, expected));
        }
    }

    ConvLayerShape shape() {
        return shape;
    }

    /** The layer output, 1×C_O×H_O×W_O; the caller closes it. */
    NDList run() {
        int stride = shape.stride();
        int padding = shape.padding();
        return Conv2d.conv2d(
                input,
                weight,
                null,
                new Shape(stride, stride),
                new Shape(padding, padding),
                new Shape(1, 1),
                1);
    }
}
