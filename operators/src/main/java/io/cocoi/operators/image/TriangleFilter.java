package io.cocoi.operators.image;

/**
 * Bilinear resampling weights along one axis, antialiased as PIL's {@code BILINEAR} resize (which
 * torchvision uses for PIL images): the triangle filter is widened by the downscale factor, so
 * every source pixel under an output pixel contributes when shrinking.
 *
 * <p>Output pixel o (0-based, of an axis resized from {@code inputSize} to {@code outputSize}) has
 * its centre at source coordinate c = (o + 0.5)·scale, scale = inputSize/outputSize; its taps are
 * the source pixels i with |i + 0.5 − c| < support, support = max(scale, 1), weighted 1 − |i + 0.5
 * − c|/support and normalised to sum to 1.
 */
final class TriangleFilter {

    private final int[] firstTap;
    private final float[][] weights;

    /** Weights for the outputs {@code first} .. {@code first + count − 1} only. */
    TriangleFilter(int inputSize, long outputSize, long first, int count) {
        double scale = (double) inputSize / outputSize;
        double support = Math.max(scale, 1.0);
        firstTap = new int[count];
        weights = new float[count][];
        for (int o = 0; o < count; o++) {
            double centre = (first + o + 0.5) * scale;
            int low = Math.max(0, (int) Math.floor(centre - support + 0.5));
            int high = Math.min(inputSize, (int) Math.floor(centre + support + 0.5));
            double[] taps = new double[Math.max(0, high - low)];
            double total = 0;
            for (int i = 0; i < taps.length; i++) {
                double distance = Math.abs(low + i + 0.5 - centre) / support;
                taps[i] = Math.max(0.0, 1.0 - distance);
                total += taps[i];
            }
            if (total == 0) {
                // Only when the output lies beyond the input; take the nearest edge pixel.
                low = Math.min(inputSize - 1, Math.max(0, (int) centre));
                taps = new double[] {1.0};
                total = 1.0;
            }
            firstTap[o] = low;
            weights[o] = new float[taps.length];
            for (int i = 0; i < taps.length; i++) {
                weights[o][i] = (float) (taps[i] / total);
            }
        }
    }

    int count() {
        return firstTap.length;
    }

    /** The first source pixel output {@code o} reads. */
    int firstTap(int o) {
        return firstTap[o];
    }

    /** The weights of output {@code o}, one per source pixel from {@link #firstTap}. */
    float[] weights(int o) {
        return weights[o];
    }

    /** The lowest source pixel any output reads. */
    int lowestTap() {
        int lowest = Integer.MAX_VALUE;
        for (int tap : firstTap) {
            lowest = Math.min(lowest, tap);
        }
        return lowest;
    }

    /** One past the highest source pixel any output reads. */
    int highestTapEnd() {
        int highest = 0;
        for (int o = 0; o < firstTap.length; o++) {
            highest = Math.max(highest, firstTap[o] + weights[o].length);
        }
        return highest;
    }
}
