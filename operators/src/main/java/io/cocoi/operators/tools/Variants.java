package io.cocoi.operators.tools;

import io.cocoi.operators.model.ModelVariant;

/** Parses a model variant as the tools spell it: {@code full}, or {@code DIVISOR/IMAGE_SIZE}. */
final class Variants {

    private Variants() {}

    static ModelVariant parse(String text) {
        if (text.equalsIgnoreCase("full")) {
            return ModelVariant.FULL;
        }
        String[] parts = text.split("/");
        try {
            if (parts.length == 2) {
                return new ModelVariant(
                        Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(
                "variant '%s', expected full or WIDTH_DIVISOR/IMAGE_SIZE such as 8/64"
                        .formatted(text));
    }

    static String describe(ModelVariant variant) {
        return variant.equals(ModelVariant.FULL)
                ? "full size, 224×224 input"
                : "widths ÷%d, %d×%d input"
                        .formatted(
                                variant.widthDivisor(), variant.imageSize(), variant.imageSize());
    }
}
