package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.codec.latency.DeviceEmulator.MasterWork;
import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.codec.latency.Phase;
import io.cocoi.codec.latency.Scenario;
import io.cocoi.operators.TestTensors;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master's operators of one reduced VGG16 layer with device emulation, in Flink's operator
 * harnesses: encoding, the remainder, decoding and the master's own steps each take at least their
 * emulated time for the full-size work.
 */
class MasterEmulationTest {

    private static final int WORKERS = 4;
    private static final int K = 3;

    /** Milliseconds lost converting emulated seconds to whole wall-clock milliseconds. */
    private static final long ROUNDING_MS = 1;

    /** A slow master (tens of milliseconds per coded-layer step at scale 1), fast workers. */
    private static final DeviceProfile DEVICE =
            new DeviceProfile(
                    "slow-master",
                    Phase.ofMean(2e-8, 0.5),
                    Phase.ofMean(1e-13, 0.5),
                    Phase.ofMean(1e-12, 0.5),
                    Phase.ofMean(1e-12, 0.5));

    /** Scales conv1_2's seconds on the slow master down to tens of milliseconds. */
    private static final double LOCAL_SCALE = 3e-4;

    private DeviceEmulator emulator;
    private PipelineSpec spec;
    private LayerWorkload work;
    private LayerHarnesses layer;

    @BeforeEach
    void open() throws Exception {
        emulator = new DeviceEmulator(DEVICE, 1, Scenario.NONE, 3, WORKERS);
        spec = spec(emulator);
        work =
                LayerWorkload.of(
                        Models.vgg16(ModelVariant.FULL).convolutions().get(0).shape(),
                        CodeKind.SYSTEMATIC,
                        WORKERS,
                        K);
        layer = new LayerHarnesses(spec, 0, WORKERS);
    }

    @AfterEach
    void close() throws Exception {
        layer.close();
    }

    @Test
    void tasksLeaveOnlyAfterTheEmulatedEncodingTime() throws Exception {
        long startMs = System.currentTimeMillis();
        layer.encode.processElement(request("image-encode"), 0);

        long encodeMs = emulatedMs(MasterWork.ENCODE, work.encodeFlops(), "image-encode");
        assertThat(encodeMs).isPositive();
        assertThat(layer.encode.extractOutputValues())
                .hasSize(WORKERS)
                .allSatisfy(
                        task ->
                                assertThat(task.dispatchedAtMs)
                                        .isGreaterThanOrEqualTo(startMs + encodeMs - ROUNDING_MS));
    }

    @Test
    void theContextSaysWhenTheEmulatedRemainderIsDone() throws Exception {
        layer.encode.processElement(request("image-remainder"), 0);

        RequestState context =
                layer.encode.getSideOutput(Outputs.CONTEXTS).poll().getValue().context;
        long remainderMs =
                emulatedMs(MasterWork.REMAINDER, work.remainderFlops(), "image-remainder");
        assertThat(remainderMs).isPositive();
        assertThat(context.remainderDoneAtMs)
                .isCloseTo(context.encodedAtMs + remainderMs, Offset.offset(ROUNDING_MS));
    }

    @Test
    void decodingFromParityWaitsForTheRemainderAndTakesTheEmulatedDecodeTime() throws Exception {
        layer.encode.processElement(request("image-decode"), 0);
        layer.decode.processElement(
                layer.encode.getSideOutput(Outputs.CONTEXTS).poll().getValue(), 0);

        // Source 0 never reaches a worker: the master decodes it from the parity task.
        for (CodedTask task : layer.encode.extractOutputValues()) {
            if (task.taskIndex == 0) {
                continue;
            }
            OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> worker =
                    layer.workers.get(task.taskIndex);
            worker.processElement(task, 0);
            for (DecodeInput result : worker.extractOutputValues()) {
                layer.decode.processElement(result, 0);
            }
        }

        RequestState decoded = layer.decode.extractOutputValues().get(0);
        long remainderMs = emulatedMs(MasterWork.REMAINDER, work.remainderFlops(), "image-decode");
        long decodeMs = emulatedMs(MasterWork.DECODE, work.decodeFlops(1), "image-decode");
        assertThat(decodeMs).isPositive();
        assertThat(decoded.degraded[0]).isFalse();
        assertThat(decoded.waitMs[0]).isGreaterThanOrEqualTo(remainderMs - ROUNDING_MS);
        assertThat(decoded.decodeMs[0]).isGreaterThanOrEqualTo(decodeMs - ROUNDING_MS);
    }

    @Test
    void masterStepsTakeTheEmulatedTimeOfTheFullSizeConvolutionsAndLinearLayers() throws Exception {
        // Steps 1 and 2 are a ReLU and conv1_2, which stays local; the scale keeps it short.
        DeviceEmulator scaled = new DeviceEmulator(DEVICE, LOCAL_SCALE, Scenario.NONE, 3, WORKERS);
        PipelineSpec local = spec(scaled);
        double flops = FullSizeWorkloads.masterStepFlops(local, 1, 3);
        assertThat(flops)
                .isEqualTo(Models.vgg16(ModelVariant.FULL).convolutions().get(1).shape().flops());
        OneInputStreamOperatorTestHarness<RequestState, RequestState> steps =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new MasterSteps(local, 1, 3)),
                        layer.environment(1, 0));
        steps.open();
        RequestState state = request("image-local");
        state.activation = new float[local.graph().inputShapeOf(1).length()];

        long startMs = System.currentTimeMillis();
        steps.processElement(state, 0);
        long elapsedMs = System.currentTimeMillis() - startMs;
        List<RequestState> done = steps.extractOutputValues();
        steps.close();

        long localMs =
                Math.round(scaled.masterSeconds(MasterWork.LOCAL, flops, "image-local", 1) * 1_000);
        assertThat(localMs).isPositive();
        assertThat(elapsedMs).isGreaterThanOrEqualTo(localMs - ROUNDING_MS);
        assertThat(done).hasSize(1);
    }

    @Test
    void theWholeFullSizeModelCountsEveryConvolutionAndLinearLayer() {
        double convolutions =
                Models.vgg16(ModelVariant.FULL).convolutions().stream()
                        .mapToDouble(convolution -> convolution.shape().flops())
                        .sum();
        double classifier = 2.0 * (512 * 7 * 7 * 4096 + 4096 * 4096 + 4096 * 1000);

        assertThat(FullSizeWorkloads.masterStepFlops(spec, 0, spec.graph().ops().size()))
                .isEqualTo(convolutions + classifier);
    }

    /** The reduced VGG16 with its first convolution coded (n = 4, k = 3), the rest local. */
    private static PipelineSpec spec(DeviceEmulator emulation) {
        LayerOp.Convolution first = Models.vgg16(LayerHarnesses.SMALL_VGG16).convolutions().get(0);
        return PipelineSpec.builder()
                .setModel("vgg16")
                .optVariant(LayerHarnesses.SMALL_VGG16)
                .setWorkers(WORKERS)
                .setK(Map.of(first.name(), K))
                .optCode(CodeKind.SYSTEMATIC)
                .optLayerTimeout(Duration.ofMinutes(1))
                .optEmulation(emulation)
                .optTorchThreads(1)
                .build();
    }

    private RequestState request(String requestId) {
        float[] input =
                TestTensors.uniform(spec.layerShape(0).inputLength(), new SplittableRandom(7));
        return RequestState.start(requestId, "vgg16", 0, 0, input, 1);
    }

    private long emulatedMs(MasterWork kind, double flops, String requestId) {
        return Math.round(emulator.masterSeconds(kind, flops, requestId, 0) * 1_000);
    }
}
