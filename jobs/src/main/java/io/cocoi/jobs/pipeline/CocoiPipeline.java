package io.cocoi.jobs.pipeline;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.stream.ArrivalTap;
import io.cocoi.operators.stream.CodedTask;
import io.cocoi.operators.stream.CodedWorker;
import io.cocoi.operators.stream.DeadlineWindows;
import io.cocoi.operators.stream.DecodeInput;
import io.cocoi.operators.stream.DecodeWindow;
import io.cocoi.operators.stream.ErrorRecord;
import io.cocoi.operators.stream.HoldResults;
import io.cocoi.operators.stream.ImageRecord;
import io.cocoi.operators.stream.KOfNTrigger;
import io.cocoi.operators.stream.MasterSteps;
import io.cocoi.operators.stream.Outputs;
import io.cocoi.operators.stream.PipelineSpec;
import io.cocoi.operators.stream.Preprocess;
import io.cocoi.operators.stream.RequestState;
import io.cocoi.operators.stream.SplitEncode;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The coded inference dataflow, unrolled layer by layer (a Flink dataflow is acyclic): for each
 * distributed convolution the master runs the steps before it, splits and encodes, n workers
 * convolve their coded tasks, and a k-of-n window decodes; the master then runs the classifier
 * head. An uncoded layer has a second worker stage and window for the partitions its first window
 * re-dispatches. Master operators run at parallelism 1 in slot sharing group {@value
 * #MASTER_GROUP}, workers at parallelism n in {@value #WORKER_GROUP}, so with one slot per
 * TaskManager the master and each worker index land on distinct TaskManagers.
 */
public final class CocoiPipeline {

    public static final String MASTER_GROUP = "master";
    public static final String WORKER_GROUP = "workers";

    private final PipelineSpec spec;

    public CocoiPipeline(PipelineSpec spec) {
        this.spec = spec;
    }

    /** The streams the pipeline ends in: finished requests (logits in the activation), errors. */
    public record Streams(DataStream<RequestState> results, DataStream<ErrorRecord> errors) {}

    /** Attaches the pipeline to {@code images} (a master-group stream at parallelism 1). */
    public Streams attach(DataStream<ImageRecord> images) {
        List<DataStream<ErrorRecord>> errors = new ArrayList<>();

        // Decode and check each image; bad records leave here with a reason.
        SingleOutputStreamOperator<RequestState> requests =
                master(images.process(new Preprocess(spec)).name("preprocess"));
        errors.add(requests.getSideOutput(Outputs.ERRORS));
        DataStream<RequestState> state = requests;

        for (int layer = 0; layer < spec.codedSteps().size(); layer++) {
            state = masterSteps(state, spec.segmentStart(layer), spec.segmentEnd(layer), errors);
            String name = spec.layerName(layer);

            // Split, encode and send n coded tasks; the context goes straight to the window.
            SingleOutputStreamOperator<CodedTask> tasks =
                    master(state.process(new SplitEncode(spec, layer)).name("encode " + name));
            errors.add(tasks.getSideOutput(Outputs.ERRORS));

            // Task i runs on worker subtask i.
            DataStream<DecodeInput> results =
                    tasks.partitionCustom(new ToWorker(), task -> task.taskIndex)
                            .process(new CodedWorker(spec, layer))
                            .name("worker " + name)
                            .setParallelism(spec.workers())
                            .slotSharingGroup(WORKER_GROUP);

            // Re-planning fits every result's round trip, stragglers included.
            if (spec.adaptive() != null) {
                results = master(results.process(new ArrivalTap(layer)).name("arrivals " + name));
            }

            // The first decodable set of results, or the deadline, decodes the layer once.
            boolean uncoded = spec.codedStep(layer).code() == CodeKind.UNCODED;
            SingleOutputStreamOperator<RequestState> decoded =
                    decode(
                            results.union(tasks.getSideOutput(Outputs.CONTEXTS)),
                            layer,
                            uncoded
                                    ? DecodeWindow.redispatching(spec, layer)
                                    : new DecodeWindow(spec, layer),
                            "decode " + name);
            errors.add(decoded.getSideOutput(Outputs.ERRORS));
            state = decoded;

            // Uncoded: partitions that failed run again on other workers, then a second window
            // decodes (recovering at the master only at its deadline).
            if (uncoded) {
                DataStream<DecodeInput> again =
                        decoded.getSideOutput(Outputs.REDISPATCHED)
                                .partitionCustom(new ToWorker(), task -> task.targetWorker)
                                .process(new CodedWorker(spec, layer))
                                .name("worker again " + name)
                                .setParallelism(spec.workers())
                                .slotSharingGroup(WORKER_GROUP);
                SingleOutputStreamOperator<RequestState> decodedAgain =
                        decode(
                                again.union(decoded.getSideOutput(Outputs.SECOND_ROUND)),
                                layer,
                                DecodeWindow.secondRound(spec, layer),
                                "decode again " + name);
                errors.add(decodedAgain.getSideOutput(Outputs.ERRORS));
                state = decoded.union(decodedAgain);
            }
        }

        // The rest of the network, classifier head included, on the master.
        int layers = spec.codedSteps().size();
        state = masterSteps(state, spec.segmentStart(layers), spec.segmentEnd(layers), errors);

        DataStream<ErrorRecord> allErrors = errors.get(0);
        for (DataStream<ErrorRecord> more : errors.subList(1, errors.size())) {
            allErrors = allErrors.union(more);
        }
        return new Streams(state, allErrors);
    }

    /**
     * The k-of-n window {@code window} over {@code inputs}, with the result payloads held beside it
     * by a {@link HoldResults} chained in front: keyed by request, so the window can take the
     * already keyed stream as it is.
     */
    private SingleOutputStreamOperator<RequestState> decode(
            DataStream<DecodeInput> inputs, int layer, DecodeWindow window, String name) {
        SingleOutputStreamOperator<DecodeInput> held =
                master(
                        inputs.keyBy(DecodeInput::traceKey)
                                .process(new HoldResults(spec, layer, window.round()))
                                .name("hold results " + name));
        return master(
                DataStreamUtils.reinterpretAsKeyedStream(held, DecodeInput::traceKey, Types.STRING)
                        .window(
                                DeadlineWindows.of(
                                        spec.grace(), KOfNTrigger.of(spec.codedStep(layer).code())))
                        .process(window)
                        .name(name));
    }

    private DataStream<RequestState> masterSteps(
            DataStream<RequestState> state,
            int fromStep,
            int toStep,
            List<DataStream<ErrorRecord>> errors) {
        if (fromStep == toStep) {
            return state;
        }
        SingleOutputStreamOperator<RequestState> stepped =
                master(
                        state.process(new MasterSteps(spec, fromStep, toStep))
                                .name("master steps %d-%d".formatted(fromStep, toStep - 1)));
        errors.add(stepped.getSideOutput(Outputs.ERRORS));
        return stepped;
    }

    private static <T> SingleOutputStreamOperator<T> master(SingleOutputStreamOperator<T> stream) {
        return stream.setParallelism(1).slotSharingGroup(MASTER_GROUP);
    }

    /** Routes task i to worker subtask i (modulo the current worker parallelism). */
    static final class ToWorker implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Integer taskIndex, int workers) {
            return taskIndex % workers;
        }
    }
}
