package io.cocoi.codec.latency;

import static io.cocoi.codec.latency.LatencyFixtures.CONV3_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.latency.DeviceEmulator.MasterWork;
import org.junit.jupiter.api.Test;

class DeviceEmulatorTest {

    private static final int N = 10;
    private static final long SEED = 42;
    private static final int REQUESTS = 20_000;

    /** Relative error of a mean over {@link #REQUESTS} draws: a few standard errors. */
    private static final double MEAN_TOLERANCE = 0.02;

    private static final DeviceProfile PROFILE = LatencyFixtures.shifted(0.8, 0.8, 8e-8);
    private static final LayerWorkload WORK = LayerWorkload.of(CONV3_1, CodeKind.SYSTEMATIC, N, 8);

    @Test
    void theSameTaskAlwaysGetsTheSameTime() {
        DeviceEmulator first = new DeviceEmulator(PROFILE, 0.1, Scenario.straggling(0.6), SEED, N);
        DeviceEmulator second = new DeviceEmulator(PROFILE, 0.1, Scenario.straggling(0.6), SEED, N);

        assertThat(first.taskTime(WORK, "image-3", 2, 7, 7))
                .isEqualTo(second.taskTime(WORK, "image-3", 2, 7, 7));
        assertThat(first.taskTime(WORK, "image-3", 2, 7, 7))
                .isNotEqualTo(first.taskTime(WORK, "image-4", 2, 7, 7))
                .isNotEqualTo(first.taskTime(WORK, "image-3", 3, 7, 7))
                .isNotEqualTo(first.taskTime(WORK, "image-3", 2, 6, 7));
    }

    @Test
    void meanTaskTimeIsTheProfilesMeanTimesTheScale() {
        double scale = 0.05;
        DeviceEmulator emulator = new DeviceEmulator(PROFILE, scale, Scenario.NONE, SEED, N);

        double expected =
                scale
                        * (PROFILE.receive().meanTime(WORK.receiveBytes())
                                + PROFILE.compute().meanTime(WORK.computeFlops())
                                + PROFILE.send().meanTime(WORK.sendBytes()));
        assertThat(meanTotal(emulator, 0)).isCloseTo(expected, within(MEAN_TOLERANCE * expected));
    }

    @Test
    void noTaskIsFasterThanTheScaledShift() {
        double scale = 0.05;
        DeviceEmulator emulator = new DeviceEmulator(PROFILE, scale, Scenario.NONE, SEED, N);

        double shift =
                scale
                        * (PROFILE.receive().of(WORK.receiveBytes()).shift()
                                + PROFILE.compute().of(WORK.computeFlops()).shift()
                                + PROFILE.send().of(WORK.sendBytes()).shift());
        for (int request = 0; request < 1_000; request++) {
            assertThat(emulator.taskTime(WORK, "image-" + request, 0, 0, 0).totalSeconds())
                    .isGreaterThanOrEqualTo(shift);
        }
    }

    @Test
    void transmissionStragglingAddsLambdaTimesTheMeanTransferTime() {
        double lambda = 0.8;
        DeviceEmulator calm = new DeviceEmulator(PROFILE, 1, Scenario.NONE, SEED, N);
        DeviceEmulator straggling =
                new DeviceEmulator(PROFILE, 1, Scenario.straggling(lambda), SEED, N);

        double transfers =
                PROFILE.receive().meanTime(WORK.receiveBytes())
                        + PROFILE.send().meanTime(WORK.sendBytes());
        double added = meanTotal(straggling, 1) - meanTotal(calm, 1);
        assertThat(added).isCloseTo(lambda * transfers, within(MEAN_TOLERANCE * 3 * transfers));
    }

    @Test
    void theSameMasterWorkAlwaysGetsTheSameTime() {
        DeviceEmulator first = new DeviceEmulator(PROFILE, 0.1, Scenario.NONE, SEED, N);
        DeviceEmulator second = new DeviceEmulator(PROFILE, 0.1, Scenario.straggling(1), SEED, N);
        double flops = WORK.encodeFlops();

        double encode = first.masterSeconds(MasterWork.ENCODE, flops, "image-3", 2);
        assertThat(encode)
                .isEqualTo(second.masterSeconds(MasterWork.ENCODE, flops, "image-3", 2))
                .isNotEqualTo(first.masterSeconds(MasterWork.ENCODE, flops, "image-4", 2))
                .isNotEqualTo(first.masterSeconds(MasterWork.ENCODE, flops, "image-3", 3))
                .isNotEqualTo(first.masterSeconds(MasterWork.DECODE, flops, "image-3", 2));
    }

    @Test
    void meanMasterTimeIsTheMasterPhasesMeanTimesTheScale() {
        double scale = 0.05;
        DeviceEmulator emulator = new DeviceEmulator(PROFILE, scale, Scenario.NONE, SEED, N);
        double flops = WORK.remainderFlops() + WORK.computeFlops();

        double total = 0;
        for (int request = 0; request < REQUESTS; request++) {
            total += emulator.masterSeconds(MasterWork.REMAINDER, flops, "image-" + request, 4);
        }

        double expected = scale * PROFILE.master().meanTime(flops);
        assertThat(total / REQUESTS).isCloseTo(expected, within(MEAN_TOLERANCE * expected));
    }

    @Test
    void noMasterWorkTakesNoTime() {
        DeviceEmulator emulator = new DeviceEmulator(PROFILE, 0.1, Scenario.NONE, SEED, N);

        assertThat(emulator.masterSeconds(MasterWork.DECODE, 0, "image-1", 0)).isZero();
        assertThatThrownBy(() -> emulator.masterSeconds(MasterWork.LOCAL, -1, "image-1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LOCAL of -1.0 FLOPs");
    }

    @Test
    void exactlyNfWorkersFailInEveryTurn() {
        int failures = 2;
        DeviceEmulator emulator =
                new DeviceEmulator(PROFILE, 1, Scenario.failures(failures), SEED, N);

        int[] failedPerWorker = new int[N];
        int turns = 0;
        for (int request = 0; request < 500; request++) {
            for (int layer = 0; layer < 13; layer++) {
                int failed = 0;
                for (int worker = 0; worker < N; worker++) {
                    if (emulator.fails("image-" + request, layer, worker)) {
                        failed++;
                        failedPerWorker[worker]++;
                    }
                }
                assertThat(failed).as("request %d layer %d", request, layer).isEqualTo(failures);
                turns++;
            }
        }

        // Every worker fails in about n_f/n of the turns: the set is uniform, not fixed.
        double expectedShare = (double) failures / N;
        for (int worker = 0; worker < N; worker++) {
            assertThat((double) failedPerWorker[worker] / turns)
                    .as("worker %d", worker)
                    .isCloseTo(expectedShare, within(0.03));
        }
    }

    @Test
    void noWorkerFailsWithoutFailures() {
        DeviceEmulator emulator = new DeviceEmulator(PROFILE, 1, Scenario.straggling(1), SEED, N);

        for (int worker = 0; worker < N; worker++) {
            assertThat(emulator.fails("image-0", 0, worker)).isFalse();
        }
    }

    @Test
    void theStragglerComputesSlowerByItsFactorOnAverage() {
        double slowdown = 85.2 / 50.8;
        DeviceEmulator emulator =
                new DeviceEmulator(PROFILE, 1, new Scenario(0, 1, slowdown), SEED, N);
        int straggler = emulator.straggler();
        int normal = (straggler + 1) % N;

        double slow = 0;
        double usual = 0;
        for (int request = 0; request < REQUESTS; request++) {
            slow += emulator.taskTime(WORK, "image-" + request, 0, straggler, 0).computeSeconds();
            usual += emulator.taskTime(WORK, "image-" + request, 0, normal, 0).computeSeconds();
        }
        assertThat(straggler).isBetween(0, N - 1);
        assertThat(slow / usual).isCloseTo(slowdown, within(MEAN_TOLERANCE * slowdown));
    }

    @Test
    void rejectsMoreFailuresThanWorkers() {
        assertThatThrownBy(() -> new DeviceEmulator(PROFILE, 1, Scenario.failures(N), SEED, N))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n_f=10 with n=10");
    }

    private static double meanTotal(DeviceEmulator emulator, int layer) {
        double sum = 0;
        for (int request = 0; request < REQUESTS; request++) {
            sum +=
                    emulator.taskTime(WORK, "image-" + request, layer, request % N, 0)
                            .totalSeconds();
        }
        return sum / REQUESTS;
    }
}
