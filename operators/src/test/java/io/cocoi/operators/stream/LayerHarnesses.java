package io.cocoi.operators.stream;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * One distributed layer's operators in Flink's test harnesses, opened: the master's SplitEncode,
 * {@code workerParallelism} workers and the decode window, all of one job, as in a running job.
 */
final class LayerHarnesses implements AutoCloseable {

    final JobID job = new JobID();
    final OneInputStreamOperatorTestHarness<RequestState, CodedTask> encode;
    final List<OneInputStreamOperatorTestHarness<CodedTask, DecodeInput>> workers =
            new ArrayList<>();
    final KeyedOneInputStreamOperatorTestHarness<String, DecodeInput, RequestState> decode;

    /** An eighth-width VGG16 on 64-pixel images: its first convolution is distributed. */
    static final ModelVariant SMALL_VGG16 = new ModelVariant(8, 64);

    /**
     * The small VGG16 with only its first convolution distributed, systematic (n = {@code workers},
     * k = {@code k}), and a deadline no test reaches unless it moves the clock.
     */
    static PipelineSpec firstLayerSpec(int workers, int k) {
        String firstConvolution = Models.vgg16(SMALL_VGG16).convolutions().get(0).name();
        return PipelineSpec.builder()
                .setModel("vgg16")
                .optVariant(SMALL_VGG16)
                .setWorkers(workers)
                .setK(Map.of(firstConvolution, k))
                .optCode(CodeKind.SYSTEMATIC)
                .optLayerTimeout(Duration.ofMinutes(1))
                .build();
    }

    LayerHarnesses(PipelineSpec spec, int layer, int workerParallelism) throws Exception {
        encode =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new SplitEncode(spec, layer)), environment(1, 0));
        encode.open();
        for (int worker = 0; worker < workerParallelism; worker++) {
            OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> harness =
                    new OneInputStreamOperatorTestHarness<>(
                            new ProcessOperator<>(new CodedWorker(spec, layer)),
                            environment(workerParallelism, worker));
            harness.open();
            workers.add(harness);
        }
        CodeKind code = spec.codedStep(layer).code();
        WindowOperatorBuilder<DecodeInput, String, TimeWindow> window =
                new WindowOperatorBuilder<>(
                        DeadlineWindows.of(Duration.ofSeconds(5), KOfNTrigger.of(code)),
                        KOfNTrigger.of(code),
                        new ExecutionConfig(),
                        TypeInformation.of(DecodeInput.class),
                        DecodeInput::traceKey,
                        Types.STRING);
        decode =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        window.process(new DecodeWindow(spec, layer)),
                        DecodeInput::traceKey,
                        Types.STRING,
                        environment(1, 0));
        decode.open();
    }

    /** Encodes one request and returns the context SplitEncode sent to the window. */
    DecodeInput encodeRequest(String requestId, float[] input) throws Exception {
        encode.getOutput().clear();
        encode.processElement(RequestState.start(requestId, "vgg16", 0, 0, input.clone(), 1), 0);
        return encode.getSideOutput(Outputs.CONTEXTS).poll().getValue();
    }

    /** Results of the first {@code count} tasks of the last encoded request. */
    List<DecodeInput> compute(int count) throws Exception {
        List<CodedTask> tasks = encode.extractOutputValues();
        for (CodedTask task : tasks.subList(0, count)) {
            workers.get(task.taskIndex).processElement(task, 0);
        }
        List<DecodeInput> results = new ArrayList<>();
        for (OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> worker : workers) {
            results.addAll(worker.extractOutputValues());
            worker.getOutput().clear();
        }
        return results;
    }

    /** A task environment of this job: subtask {@code subtask} of {@code parallelism}. */
    MockEnvironment environment(int parallelism, int subtask) {
        return new MockEnvironmentBuilder()
                .setJobID(job)
                .setParallelism(parallelism)
                .setMaxParallelism(128)
                .setSubtaskIndex(subtask)
                .build();
    }

    @Override
    public void close() throws Exception {
        decode.close();
        for (OneInputStreamOperatorTestHarness<CodedTask, DecodeInput> worker : workers) {
            worker.close();
        }
        encode.close();
    }
}
