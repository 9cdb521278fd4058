package io.cocoi.operators.model;

/** The shape of one activation tensor, C×H×W (batch size 1), or a flat vector as C×1×1. */
public record TensorShape(int channels, int height, int width) {

    public TensorShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "tensor shape %dx%dx%d, expected every dimension 1 or more"
                            .formatted(channels, height, width));
        }
    }

    public int length() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
