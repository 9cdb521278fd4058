package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.operators.TestTensors;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master keeps a layer's input in memory while the workers run: the decode window's context
 * travels without it, the window takes it back when it recovers partitions itself, nothing stays
 * held once the window fired, and a restored SplitEncode holds what its checkpoint held.
 */
class HeldInputsTest {

    private static final int WORKERS = 4;
    private static final Duration NO_WAIT = Duration.ZERO;

    /** Relative L2 distance between a degraded and a full decode of one input. */
    private static final double DECODE_TOLERANCE = 1e-5;

    private PipelineSpec spec;
    private LayerHarnesses layer;

    @BeforeEach
    void open() throws Exception {
        spec = LayerHarnesses.firstLayerSpec(WORKERS, 3);
        layer = new LayerHarnesses(spec, 0, WORKERS);
    }

    @AfterEach
    void close() throws Exception {
        layer.close();
    }

    @Test
    void theContextGoesWithoutTheInputWhichTheWindowTakesBackToRecoverPartitions()
            throws Exception {
        float[] input =
                TestTensors.uniform(spec.layerShape(0).inputLength(), new SplittableRandom(7));
        RequestState full = decode("full", input, WORKERS);

        DecodeInput context = layer.encodeRequest("degraded", input);
        assertThat(context.context.activation).isNull();
        assertThat(context.context.inputHeld).isTrue();
        assertThat(held("degraded").activation).isEqualTo(input);

        layer.decode.processElement(context, 0);
        List<DecodeInput> tasks = layer.compute(2);
        for (DecodeInput result : tasks) {
            layer.decode.processElement(result, 0);
        }
        assertThat(layer.decode.extractOutputValues()).hasSize(1);
        layer.decode.setProcessingTime(context.deadlineMs());

        RequestState degraded = layer.decode.extractOutputValues().get(1);
        assertThat(degraded.degraded[0]).isTrue();
        assertThat(TestTensors.relativeDistance(degraded.activation, full.activation))
                .isLessThanOrEqualTo(DECODE_TOLERANCE);
        assertThat(held("degraded")).isNull();
        assertThat(held("full")).isNull();
    }

    @Test
    void aRestoredSplitEncodeHoldsWhatItsCheckpointHeld() throws Exception {
        float[] input =
                TestTensors.uniform(spec.layerShape(0).inputLength(), new SplittableRandom(8));
        layer.encodeRequest("in-flight", input);
        OperatorSubtaskState checkpoint = layer.encode.snapshot(1, 0);

        // Opening starts an empty store for the layer, replacing the running one's.
        OneInputStreamOperatorTestHarness<RequestState, CodedTask> restored =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new SplitEncode(spec, 0)), layer.environment(1, 0));
        restored.initializeState(checkpoint);
        restored.open();
        try {
            assertThat(held("in-flight").activation).isEqualTo(input);
        } finally {
            restored.close();
        }
    }

    @Test
    void holdingDropsWhatExpired() {
        HeldInputs store = HeldInputs.start("expiry-job", 0);
        store.hold(new HeldInput("old", new float[1], null, 100), 50);
        store.hold(new HeldInput("new", new float[1], null, 300), 200);

        assertThat(store.all()).extracting(input -> input.traceKey).containsExactly("new");
        store.stop("expiry-job", 0);
    }

    private RequestState decode(String requestId, float[] input, int results) throws Exception {
        layer.decode.processElement(layer.encodeRequest(requestId, input), 0);
        for (DecodeInput result : layer.compute(results)) {
            layer.decode.processElement(result, 0);
        }
        List<RequestState> decoded = layer.decode.extractOutputValues();
        return decoded.get(decoded.size() - 1);
    }

    private HeldInput held(String traceKey) throws InterruptedException {
        return HeldInputs.await(layer.job.toString(), 0, traceKey, NO_WAIT);
    }
}
