package io.cocoi.codec.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    /** Float32 sums of up to five terms of order one, in a different order. */
    private static final float SUM_TOLERANCE = 1e-5f;

    @Test
    void blockedCombinationMatchesTheOnePassCombination() {
        Random random = new Random(21);
        int length = 3 * Payloads.BLOCK_FLOATS + 17;
        float[][] payloads = CodeFixtures.randomSources(random, 5, length);
        double[][] rows = {
            {0.5, -1.25, 0, 2, 0.75},
            {0, 0, 1, 0, 0},
            {0, 0, 0, 0, 0},
            {1, 1, 1, 1, 1},
            {0, 3, 0, 0, 0}
        };
        float[][] blocked = new float[rows.length][length];
        for (float[] target : blocked) {
            java.util.Arrays.fill(target, 99f);
        }

        Payloads.combineAll(rows, payloads, blocked);

        for (int t = 0; t < rows.length; t++) {
            float[] expected = new float[length];
            Payloads.combine(rows[t], payloads, expected);
            for (int e = 0; e < length; e++) {
                assertThat(blocked[t][e])
                        .as("target %d at %d", t, e)
                        .isCloseTo(expected[e], within(SUM_TOLERANCE));
            }
        }
        assertThat(blocked[1]).containsExactly(payloads[2]);
    }
}
