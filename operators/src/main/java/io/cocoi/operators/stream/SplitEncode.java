package io.cocoi.operators.stream;

import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.EncodedTasks;
import io.cocoi.operators.engine.LayerPlan;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's half of sending a layer out: takes the layer's current plan (code, n, k) from its
 * {@link PlanBoard}, splits the layer input into k source slabs, encodes n coded tasks that all
 * carry the plan and the layer's deadline, sends them, then computes the W_O mod k remainder while
 * the workers run and sends the request's context, with the plan, to the decode window.
 */
public final class SplitEncode extends ProcessFunction<RequestState, CodedTask> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SplitEncode.class);

    private final PipelineSpec spec;
    private final int layer;
    private transient String jobId;
    private transient PlanBoard board;
    private transient PerPlan<LayerPlan, CodedLayer> codedLayers;

    public SplitEncode(PipelineSpec spec, int layer) {
        this.spec = spec;
        this.layer = layer;
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        board = PlanBoard.start(jobId, spec, layer);
        codedLayers =
                new PerPlan<>(PerPlan.DEFAULT_CAPACITY, plan -> spec.newCodedLayer(layer, plan));
        CodedLayer submitted = codedLayers.get(board.plan());
        LOG.info(
                "layer {}: {} with deadline {} ms{}",
                layer,
                submitted,
                spec.layerTimeoutMs(),
                spec.adaptive() == null ? "" : ", re-planned: " + spec.adaptive());
    }

    @Override
    public void processElement(RequestState state, Context context, Collector<CodedTask> out) {
        long start = System.nanoTime();
        LayerPlan plan = board.plan();
        CodedLayer codedLayer;
        EncodedTasks tasks;
        try {
            codedLayer = codedLayers.get(plan);
            tasks = codedLayer.encode(state.activation);
        } catch (RuntimeException e) {
            LOG.warn(
                    "request {}: encoding layer {} with {} failed",
                    state.requestId,
                    layer,
                    plan,
                    e);
            context.output(
                    Outputs.ERRORS,
                    new ErrorRecord(
                            state.requestId,
                            "encode " + spec.layerName(layer),
                            e.getMessage(),
                            System.currentTimeMillis()));
            return;
        }
        long now = System.currentTimeMillis();
        long deadlineMs = now + spec.layerTimeoutMs();
        for (int task = 0; task < tasks.count(); task++) {
            out.collect(
                    new CodedTask(
                            state.traceKey,
                            layer,
                            task,
                            plan.n(),
                            plan.k(),
                            now,
                            deadlineMs,
                            tasks.task(task)));
        }
        state.encodeMs[layer] = (System.nanoTime() - start) / 1e6f;
        state.encodedAtMs = System.currentTimeMillis();
        state.deadlineMs = deadlineMs;
        state.layerK[layer] = plan.k();
        state.layerWorkers[layer] = plan.n();

        // The workers are busy now: the master's own share of the layer costs nothing extra.
        codedLayer.computeRemainder(tasks.context());
        context.output(
                Outputs.CONTEXTS,
                DecodeInput.ofContext(state, tasks.context(), plan.n(), plan.k()));
    }

    @Override
    public void close() {
        if (board != null) {
            board.stop(jobId);
        }
        if (codedLayers != null) {
            codedLayers.close();
        }
    }
}
