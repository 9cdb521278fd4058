package io.cocoi.codec.coding;

import static io.cocoi.codec.coding.CodeFixtures.decode;
import static io.cocoi.codec.coding.CodeFixtures.encode;
import static io.cocoi.codec.coding.CodeFixtures.randomSources;
import static io.cocoi.codec.coding.CodeFixtures.relativeError;
import static io.cocoi.codec.coding.CodeFixtures.shuffled;
import static io.cocoi.codec.coding.CodeFixtures.subsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every code promises: decoding from every sufficient subset, refusing the others. */
class CodeContractTest {

    /**
     * Float32 decoding error allowed per unit of cond(G_S): rounding of the payloads (2⁻²⁴ ≈ 6e-8)
     * amplified by the subset's condition number, with a margin for k-term sums.
     */
    private static final double ERROR_PER_CONDITION = 1e-6;

    /** Copy codes move payloads unchanged. */
    private static final double EXACT = 0.0;

    /** The plan's coefficients times G_S must give the identity to float64 accuracy. */
    private static final double FLOAT64_PLAN_TOLERANCE_PER_CONDITION = 1e-12;

    private static final int PAYLOAD_LENGTH = 64;

    @Test
    void vandermondeDecodesEveryKSubsetWithinItsConditioning() {
        Random random = new Random(3);
        for (int n = 1; n <= 10; n++) {
            for (int k = 1; k <= n; k++) {
                VandermondeCode code = new VandermondeCode(n, k);
                for (int[] subset : subsets(n, k)) {
                    double condition =
                            GeneratorMath.conditionNumber(
                                    GeneratorMath.rows(code.generator(), subset));
                    assertDecodes(code, random, shuffled(random, subset), condition);
                }
            }
        }
    }

    @Test
    void vandermondeWithIntegerNodesIsIllConditionedAtLargeK() {
        ConditionReport report = new VandermondeCode(10, 8).conditionReport();

        assertThat(report.worstConditionNumber()).isBetween(1e10, 1e11);
        assertThat(report.isWellConditioned()).isFalse();
        assertThat(new SystematicMdsCode(10, 8).conditionReport().isWellConditioned()).isTrue();
    }

    @Test
    void replicationDecodesExactlyWhenEverySourceHasACopy() {
        Random random = new Random(5);
        for (int n = 2; n <= 10; n++) {
            ReplicationCode code = ReplicationCode.twoCopies(n);
            assertThat(code.k()).isEqualTo(n / 2);
            for (int size = 1; size <= n; size++) {
                for (int[] subset : subsets(n, size)) {
                    int[] arrival = shuffled(random, subset);
                    boolean covered =
                            IntStream.range(0, code.k())
                                    .allMatch(
                                            source ->
                                                    Arrays.stream(subset)
                                                            .anyMatch(t -> t % code.k() == source));
                    assertThat(code.isSufficient(arrival)).isEqualTo(covered);
                    if (covered) {
                        assertDecodes(code, random, arrival, EXACT);
                        assertThat(code.decoder(arrival).needsArithmetic()).isFalse();
                    } else {
                        assertThatThrownBy(() -> code.decoder(arrival))
                                .isInstanceOf(InsufficientResultsException.class)
                                .hasMessageContaining("no result for sources");
                    }
                }
            }
        }
    }

    @Test
    void uncodedNeedsEveryTask() {
        ReplicationCode code = ReplicationCode.uncoded(5);

        assertThat(code.k()).isEqualTo(5);
        assertThat(code.isSufficient(new int[] {4, 3, 2, 1, 0})).isTrue();
        assertThat(code.isSufficient(new int[] {0, 1, 2, 3})).isFalse();
        assertDecodes(code, new Random(1), new int[] {3, 1, 4, 0, 2}, EXACT);
        assertThatThrownBy(() -> code.decoder(new int[] {0, 1, 3, 4}))
                .hasMessage(
                        "uncoded(n=5, k=5): no result for sources [2] among tasks [0, 1, 3, 4]");
    }

    @Test
    void codesThatFixKRunASmallerKOnFewerWorkers() {
        assertThat(CodeKind.UNCODED.workersFor(7)).isEqualTo(7);
        assertThat(CodeKind.UNCODED.fixedK(CodeKind.UNCODED.workersFor(7))).isEqualTo(7);
        assertThat(CodeKind.REPLICATION.workersFor(3)).isEqualTo(6);
        assertThat(CodeKind.REPLICATION.fixedK(CodeKind.REPLICATION.workersFor(3))).isEqualTo(3);
        assertThat(CodeKind.SYSTEMATIC.workersFor(3)).isEqualTo(-1);
        assertThat(CodeKind.LT.workersFor(3)).isEqualTo(-1);
        assertThatThrownBy(() -> CodeKind.UNCODED.workersFor(0))
                .hasMessage("code uncoded: k=0 source partitions, expected 1 or more");
    }

    @Test
    void ltDecodesExactlyTheSetsOfRankK() {
        Random random = new Random(9);
        int decoded = 0;
        int refused = 0;
        for (int n = 2; n <= 8; n++) {
            for (int k = 1; k <= n; k++) {
                LtCode code = new LtCode(n, k);
                for (int size = 1; size <= n; size++) {
                    for (int[] subset : subsets(n, size)) {
                        int[] arrival = shuffled(random, subset);
                        int rank = code.rank(arrival);
                        assertThat(code.isSufficient(arrival)).isEqualTo(rank == k);
                        if (rank == k) {
                            double condition = conditionOfUsedRows(code, arrival);
                            assertDecodes(code, random, arrival, condition);
                            decoded++;
                        } else {
                            assertThatThrownBy(() -> code.decoder(arrival))
                                    .isInstanceOf(InsufficientResultsException.class)
                                    .hasMessageContaining(
                                            "rank " + rank + ", expected rank k=" + k);
                            refused++;
                        }
                    }
                }
            }
        }
        assertThat(decoded).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void ltStreamsMoreSymbolsThanWorkersWhenKExceedsN() {
        LtCode code = new LtCode(4, 12);
        List<Integer> streamed = new ArrayList<>();
        int task = 0;
        while (!code.isSufficient(streamed.stream().mapToInt(Integer::intValue).toArray())) {
            streamed.add(task++);
            assertThat(task).as("symbols streamed before rank 12").isLessThan(200);
        }
        int[] arrival = streamed.stream().mapToInt(Integer::intValue).toArray();

        assertThat(arrival.length).isGreaterThanOrEqualTo(12);
        assertDecodes(code, new Random(2), arrival, conditionOfUsedRows(code, arrival));
    }

    @Test
    void robustSolitonIsADistributionFavouringLowDegrees() {
        double[] distribution = new LtCode(10, 50).degreeDistribution();

        assertThat(Arrays.stream(distribution).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(distribution[1]).isGreaterThan(distribution[0]);
        assertThat(distribution[1]).isGreaterThan(distribution[10]);
        assertThat(Arrays.stream(distribution).allMatch(p -> p >= 0)).isTrue();
    }

    @Test
    void decodingPlansInvertTheUsedGeneratorRows() {
        List<ErasureCode> codes =
                List.of(
                        new SystematicMdsCode(10, 6),
                        new VandermondeCode(7, 4),
                        new LtCode(10, 5),
                        ReplicationCode.twoCopies(9));
        Random random = new Random(4);
        for (ErasureCode code : codes) {
            int[] arrival = shuffled(random, IntStream.range(0, code.n()).toArray());
            LinearDecoder decoder = code.decoder(arrival);
            double[][] used = GeneratorMath.rows(code.generator(), decoder.usedTasks());
            double tolerance =
                    FLOAT64_PLAN_TOLERANCE_PER_CONDITION
                            * Math.max(1, GeneratorMath.conditionNumber(used));

            for (int source = 0; source < code.k(); source++) {
                double[] row = decoder.sourceRow(source);
                for (int target = 0; target < code.k(); target++) {
                    double sum = 0;
                    for (int position = 0; position < arrival.length; position++) {
                        sum += row[position] * code.generatorRow(arrival[position])[target];
                    }
                    double expected = source == target ? 1 : 0;
                    assertThat(sum)
                            .as("%s row %d", code, source)
                            .isCloseTo(expected, within(tolerance));
                }
            }
        }
    }

    private static double conditionOfUsedRows(ErasureCode code, int[] arrival) {
        int[] used = code.decoder(arrival).usedTasks();
        double[][] rows = new double[used.length][];
        for (int i = 0; i < used.length; i++) {
            rows[i] = code.generatorRow(used[i]);
        }
        return GeneratorMath.conditionNumber(rows);
    }

    /** Encodes seeded sources, decodes from {@code arrival} and bounds the relative error. */
    private static void assertDecodes(
            ErasureCode code, Random random, int[] arrival, double condition) {
        float[][] sources = randomSources(random, code.k(), PAYLOAD_LENGTH);
        float[][] coded = encode(code, arrival, sources);
        double error = relativeError(decode(code, arrival, coded), sources);

        assertThat(error)
                .as("%s from tasks %s (cond %.3g)", code, Arrays.toString(arrival), condition)
                .isLessThanOrEqualTo(ERROR_PER_CONDITION * condition);
    }
}
