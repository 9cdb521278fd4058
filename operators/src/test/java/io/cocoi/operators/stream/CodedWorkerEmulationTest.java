package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.codec.latency.Phase;
import io.cocoi.codec.latency.Scenario;
import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.EncodedTasks;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CodedWorker} with device emulation, one harness per worker index of a reduced VGG16's
 * first layer: the scenario's failures arrive as failure signals, exactly n_f per turn, and a
 * result is held until its emulated time has passed and reports that time.
 */
class CodedWorkerEmulationTest {

    private static final int WORKERS = 5;
    private static final int K = 3;
    private static final int FAILURES = 2;
    private static final int REQUESTS = 6;
    private static final ModelVariant VARIANT = new ModelVariant(16, 32);

    /** Microseconds lost converting the emulated seconds to the result's whole microseconds. */
    private static final long ROUNDING_MICROS = 1;

    /** A device whose tasks take a few milliseconds of emulated time at scale 1. */
    private static final DeviceProfile DEVICE =
            new DeviceProfile(
                    "test-device",
                    Phase.ofMean(1e-9, 0.5),
                    Phase.ofMean(5e-11, 0.5),
                    Phase.ofMean(1e-9, 0.5),
                    Phase.ofMean(1e-9, 0.5));

    private final List<OneInputStreamOperatorTestHarness<CodedTask, DecodeInput>> harnesses =
            new ArrayList<>();
    private PipelineSpec spec;
    private DeviceEmulator emulator;

    @BeforeEach
    void openWorkers() throws Exception {
        LayerOp.Convolution first = Models.vgg16(VARIANT).convolutions().get(0);
        emulator = new DeviceEmulator(DEVICE, 1, Scenario.failures(FAILURES), 5, WORKERS);
        spec =
                PipelineSpec.builder()
                        .setModel("vgg16")
                        .optVariant(VARIANT)
                        .setWorkers(WORKERS)
                        .setK(Map.of(first.name(), K))
                        .optEmulation(emulator)
                        .optTorchThreads(1)
                        .build();
        for (int worker = 0; worker < WORKERS; worker++) {
            OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> harness =
                    new OneInputStreamOperatorTestHarness<>(
                            new ProcessOperator<>(new CodedWorker(spec, 0)),
                            WORKERS,
                            WORKERS,
                            worker);
            harness.open();
            harnesses.add(harness);
        }
    }

    @AfterEach
    void closeWorkers() throws Exception {
        for (OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> harness : harnesses) {
            harness.close();
        }
    }

    @Test
    void exactlyNfWorkersSignalFailureInEveryTurn() throws Exception {
        for (int request = 0; request < REQUESTS; request++) {
            sendTurn("image-" + request);
        }

        for (int request = 0; request < REQUESTS; request++) {
            String requestId = "image-" + request;
            List<CodedResult> turn =
                    results().stream()
                            .filter(result -> result.requestId.equals(requestId))
                            .toList();
            assertThat(turn).as(requestId).hasSize(WORKERS);
            assertThat(turn.stream().filter(result -> result.failed))
                    .as(requestId)
                    .hasSize(FAILURES)
                    .allSatisfy(
                            failure -> {
                                assertThat(failure.payload).isNull();
                                assertThat(emulator.fails(requestId, 0, failure.workerSubtask))
                                        .isTrue();
                            });
        }
    }

    @Test
    void aResultIsHeldForItsEmulatedTimeAndReportsIt() throws Exception {
        long sentAtMs = sendTurn("image-held");

        LayerWorkload work =
                LayerWorkload.of(
                        Models.vgg16(ModelVariant.FULL).convolutions().get(0).shape(),
                        CodeKind.SYSTEMATIC,
                        WORKERS,
                        K);
        List<CodedResult> computed = results().stream().filter(result -> !result.failed).toList();
        assertThat(computed).hasSize(WORKERS - FAILURES);
        for (CodedResult result : computed) {
            double seconds =
                    emulator.taskTime(work, "image-held", 0, result.workerSubtask, result.taskIndex)
                            .totalSeconds();
            assertThat(result.computeMicros)
                    .isCloseTo(Math.round(seconds * 1e6), Offset.offset(ROUNDING_MICROS));
            assertThat(result.payload).isNotEmpty();
        }
        long longestMs =
                computed.stream().mapToLong(result -> result.computeMicros / 1_000).max().orElse(0);
        assertThat(System.currentTimeMillis() - sentAtMs).isGreaterThanOrEqualTo(longestMs);
    }

    /** Sends one request's n coded tasks, task i to worker i; returns when they were sent. */
    private long sendTurn(String requestId) throws Exception {
        float[] input = new float[spec.graph().inputShape().length()];
        SplittableRandom random = new SplittableRandom(requestId.hashCode());
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        long sentAtMs = System.currentTimeMillis();
        try (CodedLayer layer = spec.newCodedLayer(0)) {
            EncodedTasks tasks = layer.encode(input);
            for (int worker = 0; worker < WORKERS; worker++) {
                CodedTask task =
                        new CodedTask(
                                requestId,
                                0,
                                worker,
                                WORKERS,
                                K,
                                sentAtMs,
                                sentAtMs + 60_000,
                                tasks.task(worker));
                harnesses.get(worker).processElement(new StreamRecord<>(task));
            }
        }
        return sentAtMs;
    }

    private List<CodedResult> results() {
        List<CodedResult> results = new ArrayList<>();
        for (OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> harness : harnesses) {
            for (DecodeInput output : harness.extractOutputValues()) {
                results.add(output.result);
            }
        }
        return results;
    }
}
