package io.cocoi.codec.latency;

import static io.cocoi.codec.latency.LatencyFixtures.CONV3_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

    /** Samples per (layer, k) in the grid: enough that k* is stable, few enough to stay fast. */
    private static final int GRID_SAMPLES = 20_000;

    /** How much slower k° may be than k* at a grid point. */
    private static final double MAX_GAP = 0.02;

    @Test
    void approximateKIsWithinOneOfSimulatedBestOverAGridOfStragglingLevels() {
        // Like the paper's appendix D: vary how much of computation and transfer time is random.
        double[] shiftShares = {0.1, 0.4, 0.7, 0.95};
        double[] linkSecondsPerByte = {2e-8, 8e-8};
        List<String> misses = new ArrayList<>();
        for (double computeShare : shiftShares) {
            for (double linkShare : shiftShares) {
                for (double link : linkSecondsPerByte) {
                    DeviceProfile profile = LatencyFixtures.shifted(computeShare, linkShare, link);
                    PlannedLayer plan = planner(profile, 10, Scenario.NONE).plan(CONV3_1, 17);
                    int distance = Math.abs(plan.approximateK() - plan.bestK());
                    if (distance > 1 || plan.gap() > MAX_GAP) {
                        misses.add(
                                "compute %.2f link %.2f (%.0e s/B): k°=%d k*=%d gap %.3f"
                                        .formatted(
                                                computeShare,
                                                linkShare,
                                                link,
                                                plan.approximateK(),
                                                plan.bestK(),
                                                plan.gap()));
                    }
                }
            }
        }
        assertThat(misses).isEmpty();
    }

    @Test
    void heavierStragglingLowersK() {
        DeviceProfile profile = LatencyFixtures.shifted(0.8, 0.8, 8e-8);

        int calm = planner(profile, 10, Scenario.NONE).plan(CONV3_1, 1).approximateK();
        int stormy = planner(profile, 10, Scenario.straggling(1.0)).plan(CONV3_1, 1).approximateK();
        int failing = planner(profile, 10, Scenario.failures(2)).plan(CONV3_1, 1).approximateK();

        assertThat(stormy).isLessThanOrEqualTo(calm);
        assertThat(failing).isLessThanOrEqualTo(8).isLessThan(calm);
    }

    @Test
    void aLayerThatMovesMoreBytesThanItComputesStaysOnTheMaster() {
        ConvLayerShape pointwise = new ConvLayerShape("pointwise", 64, 64, 1, 1, 0, 56, 56);
        DeviceProfile slowLinks = LatencyFixtures.shifted(0.8, 0.8, 1e-6);

        PlannedLayer plan = planner(slowLinks, 10, Scenario.NONE).plan(pointwise, 3);

        assertThat(plan.distributed()).isFalse();
        assertThat(plan.plannedLatency()).isEqualTo(plan.simulation().local());
    }

    @Test
    void codingBeatsUncodedWhenWorkersFail() {
        DeviceProfile profile = LatencyFixtures.shifted(0.8, 0.8, 8e-8);

        PlannedLayer plan = planner(profile, 10, Scenario.failures(1)).plan(CONV3_1, 5);

        assertThat(plan.reductionVersusUncoded()).isGreaterThan(0.2);
        assertThat(plan.encodeDecodeShare()).isBetween(0.0, 0.2);
        assertThat(plan.conditionNumber()).isLessThan(1e3);
    }

    @Test
    void optionsRejectWhatCannotBePlanned() {
        DeviceProfile profile = LatencyFixtures.shifted(0.8, 0.8, 8e-8);

        assertThatThrownBy(
                        () ->
                                PlannerOptions.builder()
                                        .setProfile(profile)
                                        .setWorkers(4)
                                        .optScenario(Scenario.failures(4))
                                        .build())
                .hasMessage(
                        "failures n_f=4 with n=4 workers, expected fewer failures than workers");
        assertThatThrownBy(
                        () ->
                                PlannerOptions.builder()
                                        .setProfile(profile)
                                        .setWorkers(4)
                                        .optCode(CodeKind.LT)
                                        .build())
                .hasMessage(
                        "planner: code lt fixes k or is rateless, expected systematic or"
                                + " vandermonde");
        assertThatThrownBy(() -> PlannerOptions.builder().setWorkers(4).build())
                .hasMessage("planner: a device profile is required");
    }

    private static Planner planner(DeviceProfile profile, int workers, Scenario scenario) {
        return new Planner(
                PlannerOptions.builder()
                        .setProfile(profile)
                        .setWorkers(workers)
                        .optScenario(scenario)
                        .optSamples(GRID_SAMPLES)
                        .build());
    }
}
