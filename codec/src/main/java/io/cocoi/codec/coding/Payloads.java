package io.cocoi.codec.coding;

import java.util.Arrays;

/** Linear combinations of float32 payloads with float64 coefficients, and payload checks. */
final class Payloads {

    private Payloads() {}

    /**
     * target = Σ_r coefficients[r]·payloads[r], skipping zero coefficients; a single coefficient 1
     * is a plain copy. Accumulates in float32 in payload order, which vectorises.
     */
    static void combine(double[] coefficients, float[][] payloads, float[] target) {
        int length = target.length;
        boolean written = false;
        for (int r = 0; r < coefficients.length; r++) {
            double coefficient = coefficients[r];
            if (coefficient == 0.0) {
                continue;
            }
            float[] payload = payloads[r];
            float c = (float) coefficient;
            if (!written) {
                if (coefficient == 1.0) {
                    System.arraycopy(payload, 0, target, 0, length);
                } else {
                    for (int e = 0; e < length; e++) {
                        target[e] = c * payload[e];
                    }
                }
                written = true;
            } else {
                for (int e = 0; e < length; e++) {
                    target[e] += c * payload[e];
                }
            }
        }
        if (!written) {
            Arrays.fill(target, 0f);
        }
    }

    /** Checks k source payloads of one length and a target of that length. */
    static void requireSources(ErasureCode code, float[][] sources, float[] target) {
        if (sources.length != code.k()) {
            throw new IllegalArgumentException(
                    "%s: %d source partitions given, expected k=%d"
                            .formatted(describe(code), sources.length, code.k()));
        }
        requireEqualLengths(code, "source", sources, null, target);
    }

    /**
     * Checks that every payload used (non-null where {@code used} is null, or where used[r]) has
     * the target's length.
     */
    static void requireEqualLengths(
            ErasureCode code, String role, float[][] payloads, boolean[] used, float[] target) {
        for (int r = 0; r < payloads.length; r++) {
            boolean needed = used == null || used[r];
            if (!needed) {
                continue;
            }
            if (payloads[r] == null) {
                throw new IllegalArgumentException(
                        "%s: %s %d is missing".formatted(describe(code), role, r));
            }
            if (payloads[r].length != target.length) {
                throw new IllegalArgumentException(
                        "%s: %s %d has %d floats, expected %d like the target buffer"
                                .formatted(
                                        describe(code),
                                        role,
                                        r,
                                        payloads[r].length,
                                        target.length));
            }
        }
    }

    static String describe(ErasureCode code) {
        return "%s(n=%d, k=%d)".formatted(code.name(), code.n(), code.k());
    }
}
