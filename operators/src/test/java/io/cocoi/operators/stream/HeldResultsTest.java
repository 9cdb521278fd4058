package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.operators.TestTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Result payloads wait beside the decode window instead of in its state: the window's elements
 * carry none, its decode equals one from results that carried theirs, nothing stays held once it
 * fired, a late result is not kept, and a restored HoldResults holds what its checkpoint held.
 */
class HeldResultsTest {

    private static final int WORKERS = 4;

    private PipelineSpec spec;
    private LayerHarnesses layer;
    private KeyedOneInputStreamOperatorTestHarness<String, DecodeInput, DecodeInput> hold;

    @BeforeEach
    void open() throws Exception {
        spec = LayerHarnesses.firstLayerSpec(WORKERS, 3);
        layer = new LayerHarnesses(spec, 0, WORKERS);
        hold = holdHarness();
        hold.open();
    }

    @AfterEach
    void close() throws Exception {
        hold.close();
        layer.close();
    }

    @Test
    void theWindowDecodesFromHeldPayloadsAndForgetsThemWhenItFires() throws Exception {
        float[] input =
                TestTensors.uniform(spec.layerShape(0).inputLength(), new SplittableRandom(3));
        layer.decode.processElement(layer.encodeRequest("direct", input), 0);
        for (DecodeInput result : layer.compute(3)) {
            layer.decode.processElement(result, 0);
        }
        RequestState direct = layer.decode.extractOutputValues().get(0);

        List<DecodeInput> passed =
                new ArrayList<>(throughHold(List.of(layer.encodeRequest("held", input))));
        List<DecodeInput> results = layer.compute(WORKERS);
        passed.addAll(throughHold(results.subList(0, 3)));
        assertThat(passed.subList(1, 4))
                .allSatisfy(
                        element -> {
                            assertThat(element.result.payload).isNull();
                            assertThat(element.result.payloadHeld).isTrue();
                        });
        assertThat(store().size()).isEqualTo(3);

        for (DecodeInput element : passed) {
            layer.decode.processElement(element, 0);
        }
        RequestState held = layer.decode.extractOutputValues().get(1);
        assertThat(held.degraded[0]).isFalse();
        assertThat(held.activation).isEqualTo(direct.activation);
        assertThat(store().size()).isZero();

        throughHold(results.subList(3, 4));
        assertThat(store().size()).isZero();
    }

    @Test
    void aRestoredHoldResultsHoldsWhatItsCheckpointHeld() throws Exception {
        float[] input =
                TestTensors.uniform(spec.layerShape(0).inputLength(), new SplittableRandom(4));
        layer.encodeRequest("in-flight", input);
        DecodeInput result = layer.compute(1).get(0);
        float[] payload = result.result.payload.clone();
        throughHold(List.of(result));
        OperatorSubtaskState checkpoint = hold.snapshot(1, 0);

        // Opening starts an empty store for the window, replacing the running one's.
        KeyedOneInputStreamOperatorTestHarness<String, DecodeInput, DecodeInput> restored =
                holdHarness();
        restored.initializeState(checkpoint);
        restored.open();
        try {
            assertThat(store().payload("in-flight", result.result.taskIndex)).isEqualTo(payload);
        } finally {
            restored.close();
        }
    }

    @Test
    void holdingDropsWhatExpiredAndRefusesAFiredRequest() {
        HeldResults store = HeldResults.start("expiry-job", 0, 1, 0);
        store.hold(new HeldResult("old", 0, new float[1], 100), 50);
        store.hold(new HeldResult("new", 0, new float[1], 300), 200);
        store.close("fired", 400);

        assertThat(store.hold(new HeldResult("fired", 1, new float[1], 400), 250)).isFalse();
        assertThat(store.all()).extracting(result -> result.traceKey).containsExactly("new");
        store.stop("expiry-job", 0, 1, 0);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, DecodeInput, DecodeInput> holdHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HoldResults(spec, 0, 1)),
                DecodeInput::traceKey,
                Types.STRING,
                layer.environment(1, 0));
    }

    private HeldResults store() {
        return HeldResults.find(layer.job.toString(), 0, 1, 0);
    }

    private List<DecodeInput> throughHold(List<DecodeInput> elements) throws Exception {
        hold.getOutput().clear();
        for (DecodeInput element : elements) {
            hold.processElement(element, 0);
        }
        return hold.extractOutputValues();
    }
}
