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

    /** Floats per cache block: a block of each of a dozen slabs stays in a 1 MiB L2 cache. */
    static final int BLOCK_FLOATS = 2048;

    /**
     * targets[t] = Σ_r rows[t][r]·payloads[r] for every target at once, one cache block at a time:
     * each payload block is loaded once for all targets instead of once per target and term, which
     * matters when slabs are megabytes. Targets whose row is a single 1 are plain copies.
     */
    static void combineAll(double[][] rows, float[][] payloads, float[][] targets) {
        int count = targets.length;
        float[][] coefficients = new float[count][];
        float[][][] terms = new float[count][][];
        boolean[] copy = new boolean[count];
        for (int t = 0; t < count; t++) {
            int nonzero = 0;
            for (double coefficient : rows[t]) {
                nonzero += coefficient != 0.0 ? 1 : 0;
            }
            coefficients[t] = new float[nonzero];
            terms[t] = new float[nonzero][];
            int term = 0;
            for (int r = 0; r < rows[t].length; r++) {
                if (rows[t][r] != 0.0) {
                    coefficients[t][term] = (float) rows[t][r];
                    terms[t][term] = payloads[r];
                    term++;
                }
            }
            copy[t] = nonzero == 1 && rows[t][indexOfNonzero(rows[t])] == 1.0;
            if (copy[t]) {
                System.arraycopy(terms[t][0], 0, targets[t], 0, targets[t].length);
            }
        }

        int length = count == 0 ? 0 : targets[0].length;
        for (int start = 0; start < length; start += BLOCK_FLOATS) {
            int end = Math.min(length, start + BLOCK_FLOATS);
            for (int t = 0; t < count; t++) {
                if (!copy[t]) {
                    combineBlock(coefficients[t], terms[t], targets[t], start, end);
                }
            }
        }
    }

    /** One block of target = Σ c_i·term_i, two terms per pass over the block. */
    private static void combineBlock(
            float[] coefficients, float[][] terms, float[] target, int start, int end) {
        if (coefficients.length == 0) {
            Arrays.fill(target, start, end, 0f);
            return;
        }
        int term = 0;
        if (coefficients.length % 2 == 1) {
            float c = coefficients[0];
            float[] payload = terms[0];
            for (int e = start; e < end; e++) {
                target[e] = c * payload[e];
            }
            term = 1;
        } else {
            Arrays.fill(target, start, end, 0f);
        }
        for (; term < coefficients.length; term += 2) {
            float c0 = coefficients[term];
            float c1 = coefficients[term + 1];
            float[] p0 = terms[term];
            float[] p1 = terms[term + 1];
            for (int e = start; e < end; e++) {
                target[e] += c0 * p0[e] + c1 * p1[e];
            }
        }
    }

    private static int indexOfNonzero(double[] row) {
        for (int r = 0; r < row.length; r++) {
            if (row[r] != 0.0) {
                return r;
            }
        }
        return -1;
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
