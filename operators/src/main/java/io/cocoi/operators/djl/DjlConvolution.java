package io.cocoi.operators.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.weights.ConvWeights;

/**
 * One 2D convolution of a fixed input shape on DJL's PyTorch engine, taking and returning flat CHW
 * float arrays (batch size 1): a C_I×H×W input gives a C_O×H_O×W_O output.
 *
 * <p>The weight tensor is built once when the executor is created and freed by {@link #close()};
 * each call creates its tensors in a sub-manager that is closed before it returns, so repeated
 * calls do not grow native memory. An instance is meant for one thread, as in a Flink operator that
 * builds it in {@code open()} and closes it in {@code close()}.
 */
public final class DjlConvolution implements AutoCloseable {

    private static final Shape NO_DILATION = new Shape(1, 1);

    private final ConvLayerShape shape;
    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;
    private final Shape inputShape;

    private DjlConvolution(ConvLayerShape shape, float[] weight, float[] bias) {
        this.shape = shape;
        this.stride = new Shape(shape.stride(), shape.stride());
        this.padding = new Shape(shape.padding(), shape.padding());
        this.inputShape = new Shape(1, shape.inChannels(), shape.inputHeight(), shape.inputWidth());
        this.manager = TorchRuntime.newManager();
        try {
            int kernel = shape.kernelSize();
            this.weight =
                    manager.create(
                            weight,
                            new Shape(shape.outChannels(), shape.inChannels(), kernel, kernel));
            this.bias = bias == null ? null : manager.create(bias);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The bias-free convolution a worker runs on one coded slab: {@code weights}' kernel without
     * its bias, on an input of {@code slabShape} (padding 0, as {@code ConvSplit#partitionShape}
     * gives it).
     */
    public static DjlConvolution forSlab(ConvWeights weights, ConvLayerShape slabShape) {
        ConvLayerShape layer = weights.shape();
        boolean sameKernel =
                layer.inChannels() == slabShape.inChannels()
                        && layer.outChannels() == slabShape.outChannels()
                        && layer.kernelSize() == slabShape.kernelSize()
                        && layer.stride() == slabShape.stride();
        if (!sameKernel) {
            throw new IllegalArgumentException(
                    "convolution %s: slab shape %s does not use the layer's kernel %s"
                            .formatted(weights.name(), slabShape, layer));
        }
        return new DjlConvolution(slabShape, weights.weight(), null);
    }

    /** The whole layer with its (folded) bias and padding, for single-device inference. */
    public static DjlConvolution forLayer(ConvWeights weights) {
        return new DjlConvolution(weights.shape(), weights.weight(), weights.bias());
    }

    public ConvLayerShape shape() {
        return shape;
    }

    /** Convolves one C_I×H×W input; returns a new C_O×H_O×W_O array. */
    public float[] apply(float[] input) {
        if (input.length != shape.inputLength()) {
            throw new IllegalArgumentException(
                    "convolution %s: input has %d floats, expected %d (%dx%dx%d)"
                            .formatted(
                                    shape.name(),
                                    input.length,
                                    shape.inputLength(),
                                    shape.inChannels(),
                                    shape.inputHeight(),
                                    shape.inputWidth()));
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, inputShape);
            return Conv2d.conv2d(x, weight, bias, stride, padding, NO_DILATION, 1)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
