package io.cocoi.codec.coding;

import static io.cocoi.codec.coding.CodeFixtures.decode;
import static io.cocoi.codec.coding.CodeFixtures.encode;
import static io.cocoi.codec.coding.CodeFixtures.randomSources;
import static io.cocoi.codec.coding.CodeFixtures.relativeError;
import static io.cocoi.codec.coding.CodeFixtures.shuffled;
import static io.cocoi.codec.coding.CodeFixtures.subsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SystematicMdsCodeTest {

    /** The bound on the worst k-subset condition number for n ≤ 10. */
    private static final double MAX_CONDITION = 1e3;

    /** Relative L2 error of float32 payloads decoded from any k-subset. */
    private static final double FLOAT32_DECODE_TOLERANCE = 1e-4;

    private static final int PAYLOAD_LENGTH = 256;

    @Test
    void worstCaseConditionNumberStaysBelowBoundForEveryShapeUpToTenWorkers() {
        for (int n = 3; n <= 10; n++) {
            for (int k = 2; k < n; k++) {
                ConditionReport report = new SystematicMdsCode(n, k).conditionReport();

                assertThat(report.exhaustive()).isTrue();
                assertThat(report.subsetsChecked()).isEqualTo(ConditionReport.binomial(n, k));
                assertThat(report.worstConditionNumber())
                        .as("n=%d k=%d %s", n, k, report)
                        .isLessThanOrEqualTo(MAX_CONDITION);
            }
        }
    }

    @Test
    void decodesFromEveryKSubsetWithinFloat32Tolerance() {
        Random random = new Random(7);
        double worstError = 0;
        for (int n = 1; n <= 10; n++) {
            for (int k = 1; k <= n; k++) {
                SystematicMdsCode code = new SystematicMdsCode(n, k);
                float[][] sources = randomSources(random, k, PAYLOAD_LENGTH);
                int[] allTasks = IntStream.range(0, n).toArray();
                float[][] coded = encode(code, allTasks, sources);

                for (int[] subset : subsets(n, k)) {
                    int[] arrival = shuffled(random, subset);
                    float[][] arrived = new float[k][];
                    for (int position = 0; position < k; position++) {
                        arrived[position] = coded[arrival[position]];
                    }
                    double error = relativeError(decode(code, arrival, arrived), sources);

                    assertThat(error)
                            .as("n=%d k=%d tasks %s", n, k, Arrays.toString(arrival))
                            .isLessThanOrEqualTo(FLOAT32_DECODE_TOLERANCE);
                    worstError = Math.max(worstError, error);
                }
            }
        }
        assertThat(worstError).isGreaterThan(0);
    }

    @Test
    void systematicResultsDecodeWithoutArithmetic() {
        SystematicMdsCode code = new SystematicMdsCode(10, 4);
        LinearDecoder decoder = code.decoder(new int[] {2, 0, 3, 1});

        assertThat(decoder.needsArithmetic()).isFalse();
        assertThat(decoder.passThroughPosition(0)).isEqualTo(1);
        assertThat(decoder.passThroughPosition(2)).isEqualTo(0);
        assertThat(decoder.usedTasks()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void rebuildsOnlyTheMissingSources() {
        SystematicMdsCode code = new SystematicMdsCode(10, 4);
        LinearDecoder decoder = code.decoder(new int[] {0, 7, 2, 3, 9});

        assertThat(decoder.needsArithmetic()).isTrue();
        assertThat(decoder.passThroughPosition(0)).isZero();
        assertThat(decoder.passThroughPosition(1)).isEqualTo(-1);
        assertThat(decoder.usedTasks()).containsExactly(0, 2, 3, 7);
    }

    @Test
    void encodesSystematicTasksAsCopiesAndParityByTheGenerator() {
        Random random = new Random(11);
        SystematicMdsCode code = new SystematicMdsCode(8, 5);
        float[][] sources = randomSources(random, 5, 100);

        float[] systematic = new float[100];
        code.encodeTask(3, sources, systematic);
        assertThat(systematic).containsExactly(sources[3]);

        float[] parity = new float[100];
        code.encodeTask(6, sources, parity);
        float[] expected = CodeFixtures.naiveEncode(code, 6, sources);
        for (int e = 0; e < 100; e++) {
            assertThat(parity[e]).isCloseTo(expected[e], within(1e-5f));
        }
    }

    @Test
    void generatorIsIdentityOverParity() {
        double[][] generator = new SystematicMdsCode(6, 3).generator();

        assertThat(generator).hasDimensions(6, 3);
        assertThat(generator[0]).containsExactly(1, 0, 0);
        assertThat(generator[2]).containsExactly(0, 0, 1);
        assertThat(generator[4]).isEqualTo(new SystematicMdsCode(6, 3).generatorRow(4));
    }

    @Test
    void parityChoiceIsDeterministicForASeed() {
        assertThat(new SystematicMdsCode(7, 3, 99).generator())
                .isDeepEqualTo(new SystematicMdsCode(7, 3, 99).generator());
    }
}
