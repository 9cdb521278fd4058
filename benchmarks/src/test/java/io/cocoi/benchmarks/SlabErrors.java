package io.cocoi.benchmarks;

/** Error measures between decoded and expected slabs, shared by the benchmark fixture tests. */
final class SlabErrors {

    /** Relative L2 error of a float32 decode at n = 10 (conditioning below 1e3). */
    static final double FLOAT32_DECODE_TOLERANCE = 1e-4;

    private SlabErrors() {}

    /** ‖actual − expected‖₂ / ‖expected‖₂ over all slabs together. */
    static double relativeError(float[][] actual, float[][] expected) {
        double difference = 0;
        double norm = 0;
        for (int slab = 0; slab < expected.length; slab++) {
            for (int e = 0; e < expected[slab].length; e++) {
                double delta = actual[slab][e] - expected[slab][e];
                difference += delta * delta;
                norm += (double) expected[slab][e] * expected[slab][e];
            }
        }
        return Math.sqrt(difference / norm);
    }
}
