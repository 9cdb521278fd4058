package io.cocoi.benchmarks;

import java.util.Arrays;

/**
 * A prototype of the codec's float32 combine loop with cache blocking, to measure against {@code
 * io.cocoi.codec.coding.Payloads.combine}: targets[t] = Σ_r rows[t][r]·payloads[r] for every target
 * at once, one block of {@value #BLOCK_FLOATS} floats at a time.
 *
 * <p>The codec's loop makes one pass over the whole payload per nonzero coefficient, so each target
 * slab is read and written once per term and each source slab is read once per target; slabs of the
 * early VGG16 layers are megabytes, so every pass goes to the last-level cache or memory. Here a
 * block of every source and target stays in the L1/L2 cache while all rows use it, so each slab
 * crosses the memory bus once, and up to {@value #GROUP} terms share one load and store of the
 * target.
 */
final class BlockedCombine {

    /** 2048 floats (8 KiB) per slab: a block of every slab at n = 10 fits a 2 MiB L2 cache. */
    static final int BLOCK_FLOATS = 2048;

    /** Terms folded into one pass over a block. */
    static final int GROUP = 4;

    private BlockedCombine() {}

    /**
     * Writes targets[t] = Σ_r rows[t][r]·payloads[r], skipping zero coefficients (their payloads
     * may be null); every target has the length of the payloads it uses.
     */
    static void combineAll(float[][] rows, float[][] payloads, float[][] targets) {
        float[][] coefficients = new float[rows.length][];
        float[][][] terms = new float[rows.length][][];
        for (int t = 0; t < rows.length; t++) {
            int nonzero = 0;
            coefficients[t] = new float[rows[t].length];
            terms[t] = new float[rows[t].length][];
            for (int r = 0; r < rows[t].length; r++) {
                if (rows[t][r] != 0f) {
                    coefficients[t][nonzero] = rows[t][r];
                    terms[t][nonzero] = payloads[r];
                    nonzero++;
                }
            }
            coefficients[t] = Arrays.copyOf(coefficients[t], nonzero);
        }

        int length = targets[0].length;
        for (int blockStart = 0; blockStart < length; blockStart += BLOCK_FLOATS) {
            int blockEnd = Math.min(length, blockStart + BLOCK_FLOATS);
            for (int t = 0; t < targets.length; t++) {
                combineBlock(coefficients[t], terms[t], targets[t], blockStart, blockEnd);
            }
        }
    }

    private static void combineBlock(
            float[] coefficients, float[][] terms, float[] target, int blockStart, int blockEnd) {
        if (coefficients.length == 0) {
            Arrays.fill(target, blockStart, blockEnd, 0f);
            return;
        }

        // The first pass writes the block, later passes add to it; a short group pads with zero.
        for (int term = 0; term < coefficients.length; term += GROUP) {
            int group = Math.min(GROUP, coefficients.length - term);
            float c0 = coefficients[term];
            float c1 = group > 1 ? coefficients[term + 1] : 0f;
            float c2 = group > 2 ? coefficients[term + 2] : 0f;
            float c3 = group > 3 ? coefficients[term + 3] : 0f;
            float[] p0 = terms[term];
            float[] p1 = group > 1 ? terms[term + 1] : p0;
            float[] p2 = group > 2 ? terms[term + 2] : p0;
            float[] p3 = group > 3 ? terms[term + 3] : p0;
            if (term == 0) {
                for (int e = blockStart; e < blockEnd; e++) {
                    target[e] = c0 * p0[e] + c1 * p1[e] + c2 * p2[e] + c3 * p3[e];
                }
            } else {
                for (int e = blockStart; e < blockEnd; e++) {
                    target[e] += c0 * p0[e] + c1 * p1[e] + c2 * p2[e] + c3 * p3[e];
                }
            }
        }
    }
}
