package io.cocoi.codec.coding;

import static io.cocoi.codec.coding.CodeFixtures.randomSources;
import static io.cocoi.codec.coding.CodeFixtures.relativeError;
import static io.cocoi.codec.coding.CodeFixtures.subsets;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecoveryPlanTest {

    /** Relative L2 error of recovered float32 sources (codes well-conditioned at these sizes). */
    private static final double TOLERANCE = 1e-5;

    @Test
    void computesKMinusRankSourcesLocallyAndDecodesTheRest() {
        Random random = new Random(12);
        List<ErasureCode> codes =
                List.of(
                        new SystematicMdsCode(6, 4),
                        new VandermondeCode(5, 3),
                        new LtCode(6, 4),
                        ReplicationCode.twoCopies(6),
                        ReplicationCode.uncoded(4));
        for (ErasureCode code : codes) {
            for (int size = 0; size <= code.n(); size++) {
                for (int[] arrival : subsets(code.n(), size)) {
                    assertRecovers(code, arrival, random);
                }
            }
        }
    }

    @Test
    void sufficientArrivalsNeedNoLocalWork() {
        RecoveryPlan plan = RecoveryPlan.of(new SystematicMdsCode(6, 3), new int[] {5, 1, 4});

        assertThat(plan.needsLocalWork()).isFalse();
        assertThat(plan.localSources()).isEmpty();
    }

    @Test
    void systematicRecoveryComputesOnlyTheSourcesParityCannotCover() {
        RecoveryPlan plan = RecoveryPlan.of(new SystematicMdsCode(6, 4), new int[] {1, 5});

        assertThat(plan.localSources()).hasSize(2).doesNotContain(1);
        assertThat(plan.decoder().arrivedTasks()).hasSize(4).startsWith(1, 5);
    }

    private static void assertRecovers(ErasureCode code, int[] arrival, Random random) {
        int rank =
                GeneratorMath.independentRows(
                                GeneratorMath.rows(code.generator(), arrival), code.k())
                        .length;
        RecoveryPlan plan = RecoveryPlan.of(code, arrival);
        assertThat(plan.localSources()).as("%s from %s", code, arrival).hasSize(code.k() - rank);

        float[][] sources = randomSources(random, code.k(), 32);
        float[][] inputs = new float[arrival.length + plan.localSources().length][];
        for (int position = 0; position < arrival.length; position++) {
            inputs[position] = new float[32];
            code.encodeTask(arrival[position], sources, inputs[position]);
        }
        for (int i = 0; i < plan.localSources().length; i++) {
            inputs[arrival.length + i] = sources[plan.localSources()[i]];
        }
        float[][] decoded = new float[code.k()][32];
        plan.decoder().decodeAll(inputs, decoded);

        assertThat(relativeError(decoded, sources)).isLessThanOrEqualTo(TOLERANCE);
    }
}
