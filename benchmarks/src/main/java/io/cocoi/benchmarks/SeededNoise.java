package io.cocoi.benchmarks;

import java.util.Random;

/** Benchmark data: floats uniform in [−1, 1) from a seeded source. */
final class SeededNoise {

    private SeededNoise() {}

    static float[] uniform(int length, Random random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }
}
