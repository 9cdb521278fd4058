package io.cocoi.operators.model;

import io.cocoi.codec.geometry.ConvLayerShape;

/**
 * One step of a model graph, applied to the current activation tensor in order. Residual networks
 * keep skip tensors in named slots: {@link SaveSkip} stores the current tensor and {@link AddSkip}
 * adds it back, through an optional 1×1 projection.
 *
 * <p>Parameter names are torchvision {@code state_dict} prefixes, so weights exported from
 * torchvision load by name.
 */
public sealed interface LayerOp {

    /** A 2D convolution; the only kind of step that can be distributed (type-1). */
    record Convolution(String name, ConvLayerShape shape, boolean hasBias) implements LayerOp {}

    /** Batch normalisation in inference mode; folded into the preceding convolution at load. */
    record BatchNorm(String name, int channels) implements LayerOp {}

    record Relu() implements LayerOp {}

    record MaxPool(int kernelSize, int stride, int padding) implements LayerOp {}

    /** Averages each channel down to outputSize×outputSize cells (PyTorch's adaptive pooling). */
    record AdaptiveAvgPool(int outputSize) implements LayerOp {}

    record Flatten() implements LayerOp {}

    /** A fully connected layer y = W·x + b with W of shape out×in. */
    record Linear(String name, int inFeatures, int outFeatures) implements LayerOp {}

    /** Stores the current tensor in {@code slot} for a later {@link AddSkip}. */
    record SaveSkip(String slot) implements LayerOp {}

    /**
     * Adds the tensor saved in {@code slot} to the current one, after passing it through {@code
     * projection} (a 1×1 strided convolution and its batch norm) when that is not null.
     */
    record AddSkip(String slot, Projection projection) implements LayerOp {}

    /** ResNet's downsample path: a 1×1 convolution without bias, then batch norm. */
    record Projection(Convolution convolution, BatchNorm norm) {}
}
