package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.TestTensors;
import io.cocoi.operators.engine.LayerPlan;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SplitEncode, workers and the decode window of one layer in Flink's operator harnesses, sharing a
 * job id as in one job: the job was submitted for n = 4 workers but runs on 3, as after the
 * adaptive scheduler restarted it without a lost TaskManager.
 */
class LiveWorkersTest {

    private static final int SUBMITTED_WORKERS = 4;
    private static final int LIVE_WORKERS = 3;

    /** Relative L2 distance between two decodes of one input with different plans. */
    private static final double DECODE_TOLERANCE = 1e-5;

    private static final Duration REPLAN_TIMEOUT = Duration.ofSeconds(30);

    private PipelineSpec spec;
    private LayerHarnesses layer;

    @BeforeEach
    void open() throws Exception {
        spec = LayerHarnesses.firstLayerSpec(SUBMITTED_WORKERS, 3);
        layer = new LayerHarnesses(spec, 0, LIVE_WORKERS);
    }

    @AfterEach
    void close() throws Exception {
        layer.close();
    }

    @Test
    void theFirstResultsTeachTheMasterToPlanForTheLiveWorkers() throws Exception {
        float[] input =
                TestTensors.uniform(spec.layerShape(0).inputLength(), new SplittableRandom(5));

        RequestState first = run("request-1", input);
        assertThat(first.layerWorkers[0]).isEqualTo(SUBMITTED_WORKERS);
        assertThat(first.layerK[0]).isEqualTo(3);
        assertThat(first.degraded[0]).isFalse();

        PlanBoard board = PlanBoard.find(layer.job.toString(), 0);
        long end = System.nanoTime() + REPLAN_TIMEOUT.toNanos();
        while (board.plan().n() != LIVE_WORKERS && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(board.plan()).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, LIVE_WORKERS, 2));

        RequestState second = run("request-2", input);
        assertThat(second.layerWorkers[0]).isEqualTo(LIVE_WORKERS);
        assertThat(second.layerK[0]).isEqualTo(2);
        assertThat(second.degraded[0]).isFalse();
        assertThat(TestTensors.relativeDistance(second.activation, first.activation))
                .isLessThanOrEqualTo(DECODE_TOLERANCE);
    }

    /** Sends one request through the layer, task i to live worker i mod n', and decodes it. */
    private RequestState run(String requestId, float[] input) throws Exception {
        RequestState state = RequestState.start(requestId, "vgg16", 0, 0, input.clone(), 1);
        layer.encode.getOutput().clear();
        layer.encode.processElement(state, 0);

        List<CodedTask> tasks = layer.encode.extractOutputValues();
        assertThat(tasks).allSatisfy(task -> assertThat(task.workers).isEqualTo(tasks.size()));
        StreamRecord<DecodeInput> context = layer.encode.getSideOutput(Outputs.CONTEXTS).poll();
        layer.decode.processElement(context.getValue(), 0);
        for (CodedTask task : tasks) {
            OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> worker =
                    layer.workers.get(task.taskIndex % LIVE_WORKERS);
            worker.getOutput().clear();
            worker.processElement(task, 0);
            for (DecodeInput result : worker.extractOutputValues()) {
                assertThat(result.result.workerParallelism).isEqualTo(LIVE_WORKERS);
                layer.decode.processElement(result, 0);
            }
        }
        List<RequestState> decoded = layer.decode.extractOutputValues();
        assertThat(decoded).extracting(done -> done.requestId).contains(requestId);
        return decoded.stream()
                .filter(done -> done.requestId.equals(requestId))
                .findFirst()
                .orElseThrow();
    }
}
