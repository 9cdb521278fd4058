package io.cocoi.operators.model;

/**
 * How a model is scaled: channel widths divided by {@code widthDivisor} and a square input of
 * {@code imageSize} pixels. {@link #FULL} is the ImageNet network; reduced variants keep the layer
 * structure and make test sweeps fast.
 */
public record ModelVariant(int widthDivisor, int imageSize) {

    public static final ModelVariant FULL = new ModelVariant(1, 224);

    public ModelVariant {
        if (widthDivisor < 1 || 64 % widthDivisor != 0) {
            throw new IllegalArgumentException(
                    "width divisor %d, expected a divisor of 64 (1, 2, 4, 8, 16, 32 or 64)"
                            .formatted(widthDivisor));
        }
        if (imageSize < 32) {
            throw new IllegalArgumentException(
                    "image size %d, expected 32 or more: the networks downsample 32 times"
                            .formatted(imageSize));
        }
    }

    int width(int fullWidth) {
        return fullWidth / widthDivisor;
    }
}
