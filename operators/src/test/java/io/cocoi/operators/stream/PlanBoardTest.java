package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.operators.engine.LayerPlan;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The plan board's decisions, with re-planning run on the calling thread. */
class PlanBoardTest {

    private static final int WORKERS = 4;

    /** VGG16's conv3_1, large enough that task times are tens of milliseconds. */
    private static final String CONV3_1 = "features.10";

    /** A worker's mean time per FLOP (about 2 GFLOP/s) and per byte (1 Gbit/s). */
    private static final double SECONDS_PER_FLOP = 5e-10;

    private static final double SECONDS_PER_BYTE = 8e-9;

    @Test
    void keepsTheSubmittedPlanUntilWorkersReportAnotherParallelism() {
        PlanBoard board = board(CodeKind.SYSTEMATIC, 3, null);
        board.workersSeen(0);
        board.workersSeen(WORKERS);

        assertThat(board.plan()).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, WORKERS, 3));
    }

    @Test
    void carriesTheSpareTasksOverToFewerWorkers() {
        PlanBoard board = board(CodeKind.SYSTEMATIC, 3, null);

        board.workersSeen(3);
        assertThat(board.plan()).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, 3, 2));
        board.workersSeen(1);
        assertThat(board.plan()).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, 1, 1));
    }

    @Test
    void returnsToTheSubmittedPlanWhenTheWorkersAreBack() {
        PlanBoard board = board(CodeKind.SYSTEMATIC, 3, null);

        board.workersSeen(2);
        board.workersSeen(WORKERS);

        assertThat(board.plan()).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, WORKERS, 3));
    }

    @Test
    void codesThatFixKTakeTheirKForTheLiveWorkers() {
        PlanBoard uncoded = board(CodeKind.UNCODED, WORKERS, null);
        PlanBoard replication = board(CodeKind.REPLICATION, WORKERS / 2, null);

        uncoded.workersSeen(3);
        replication.workersSeen(3);

        assertThat(uncoded.plan()).isEqualTo(new LayerPlan(CodeKind.UNCODED, 3, 3));
        assertThat(replication.plan()).isEqualTo(new LayerPlan(CodeKind.REPLICATION, 3, 1));
    }

    @Test
    void withoutAdaptivePlanningTaskTimesChangeNothing() {
        PlanBoard board = board(CodeKind.SYSTEMATIC, 2, null);
        returnTasks(board, 16, 2, -1, 1);
        board.decoded();

        assertThat(board.plan().k()).isEqualTo(2);
    }

    @Test
    void adaptivePlanningMovesToKEqualNWhenNothingStragglesAndBackWhenAWorkerIsSlow() {
        PlanBoard board = board(CodeKind.SYSTEMATIC, 2, new AdaptivePlanning(16, 2, 1.0));

        returnTasks(board, 16, 2, -1, 2);
        board.decoded();
        assertThat(board.plan().k()).as("before the re-plan interval").isEqualTo(2);
        board.decoded();
        assertThat(board.plan().k()).as("nothing straggles").isEqualTo(WORKERS);

        returnTasks(board, 16, WORKERS, 3, 3);
        board.decoded();
        board.decoded();
        assertThat(board.plan().k()).as("worker 3 twenty times slower").isLessThan(WORKERS);
    }

    @Test
    void adaptivePlanningPlansForTheLiveWorkers() {
        PlanBoard board = board(CodeKind.SYSTEMATIC, WORKERS, new AdaptivePlanning(16, 1, 1.0));
        returnTasks(board, 16, WORKERS, -1, 4);

        board.workersSeen(3);

        assertThat(board.plan()).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, 3, 3));
    }

    private static PlanBoard board(CodeKind code, int k, AdaptivePlanning adaptive) {
        PipelineSpec.Builder spec =
                PipelineSpec.builder()
                        .setModel("vgg16")
                        .setWorkers(WORKERS)
                        .setK(Map.of(CONV3_1, k))
                        .optCode(code);
        if (adaptive != null) {
            spec.optAdaptive(adaptive);
        }
        return new PlanBoard(spec.build(), 0, Runnable::run);
    }

    /**
     * Tasks of (n, k) plans come back after their compute and transfer times, which vary by a 10 %
     * exponential part; the tasks of worker {@code slowWorker} (when ≥ 0) take 20 times as long.
     */
    private static void returnTasks(PlanBoard board, int tasks, int k, int slowWorker, long seed) {
        ConvLayerShape shape = convolution(CONV3_1);
        LayerWorkload work = LayerWorkload.of(shape, CodeKind.SYSTEMATIC, WORKERS, k);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tasks; i++) {
            int worker = i % WORKERS;
            double factor =
                    (worker == slowWorker ? 20 : 1) * (0.9 + 0.1 * random.nextExponential());
            double compute = work.computeFlops() * SECONDS_PER_FLOP * factor;
            double transfer = (work.receiveBytes() + work.sendBytes()) * SECONDS_PER_BYTE;
            CodedTask task = new CodedTask("request-" + i, 0, worker, WORKERS, k, 0, 1, null);
            CodedResult result =
                    new CodedResult(task, new float[0], worker, Math.round(compute * 1e6));
            board.taskReturned(result, Math.round((compute + transfer) * 1e3));
        }
    }

    private static ConvLayerShape convolution(String name) {
        return Models.vgg16(ModelVariant.FULL).convolutions().stream()
                .filter(convolution -> convolution.name().equals(name))
                .map(LayerOp.Convolution::shape)
                .findFirst()
                .orElseThrow();
    }
}
