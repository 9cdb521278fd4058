package io.cocoi.codec.geometry;

/**
 * The shape of one 2D convolution: C_I input channels, C_O output channels, a square K×K kernel,
 * stride S and zero padding P on both spatial axes, and an H×W input (before padding).
 *
 * <p>Tensors are flat float arrays in CHW order (batch size 1). The output extent on an axis of
 * padded length X_I is ⌊(X_I − K)/S⌋ + 1 (paper section II-B).
 *
 * @param name the layer's name in messages, for example {@code conv3_1}
 */
public record ConvLayerShape(
        String name,
        int inChannels,
        int outChannels,
        int kernelSize,
        int stride,
        int padding,
        int inputHeight,
        int inputWidth) {

    public ConvLayerShape {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("convolution layer name must not be blank");
        }
        requirePositive(name, "inChannels", inChannels);
        requirePositive(name, "outChannels", outChannels);
        requirePositive(name, "kernelSize", kernelSize);
        requirePositive(name, "stride", stride);
        requirePositive(name, "inputHeight", inputHeight);
        requirePositive(name, "inputWidth", inputWidth);
        if (padding < 0) {
            throw new IllegalArgumentException(
                    "layer %s: padding is %d, expected 0 or more".formatted(name, padding));
        }
        int paddedHeight = inputHeight + 2 * padding;
        int paddedWidth = inputWidth + 2 * padding;
        if (kernelSize > paddedHeight || kernelSize > paddedWidth) {
            throw new IllegalArgumentException(
                    ("layer %s: kernel %dx%d is larger than the padded input %dx%d"
                                    + " (H=%d, W=%d, P=%d)")
                            .formatted(
                                    name,
                                    kernelSize,
                                    kernelSize,
                                    paddedHeight,
                                    paddedWidth,
                                    inputHeight,
                                    inputWidth,
                                    padding));
        }
    }

    public int paddedHeight() {
        return inputHeight + 2 * padding;
    }

    public int paddedWidth() {
        return inputWidth + 2 * padding;
    }

    public int outputHeight() {
        return (paddedHeight() - kernelSize) / stride + 1;
    }

    public int outputWidth() {
        return (paddedWidth() - kernelSize) / stride + 1;
    }

    /** Width when W ≥ H, as the paper assumes; height otherwise, so partitions overlap less. */
    public SplitAxis splitAxis() {
        return inputWidth >= inputHeight ? SplitAxis.WIDTH : SplitAxis.HEIGHT;
    }

    /** The output extent along the split axis: W_O for a width split. */
    public int splitOutputExtent() {
        return splitAxis() == SplitAxis.WIDTH ? outputWidth() : outputHeight();
    }

    public int inputLength() {
        return inChannels * inputHeight * inputWidth;
    }

    public int outputLength() {
        return outChannels * outputHeight() * outputWidth();
    }

    /** Multiply-adds counted as two FLOPs: 2·C_O·H_O·W_O·C_I·K² (paper eq. 9 at k = 1). */
    public long flops() {
        return 2L
                * outChannels
                * outputHeight()
                * outputWidth()
                * inChannels
                * kernelSize
                * kernelSize;
    }

    @Override
    public String toString() {
        return "%s(%d->%d, k%d s%d p%d, %dx%d)"
                .formatted(
                        name,
                        inChannels,
                        outChannels,
                        kernelSize,
                        stride,
                        padding,
                        inputHeight,
                        inputWidth);
    }

    private static void requirePositive(String layer, String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "layer %s: %s is %d, expected 1 or more".formatted(layer, field, value));
        }
    }
}
