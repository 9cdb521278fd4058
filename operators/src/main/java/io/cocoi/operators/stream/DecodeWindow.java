package io.cocoi.operators.stream;

import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.LayerPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one request's layer when its {@link KOfNTrigger} fires, with the plan (n, k) the master
 * chose for the request: from the results that arrived (distinct tasks of the right length, in
 * arrival order) when they suffice, otherwise in degraded mode, the master computing the fewest
 * missing partitions itself. The layer output replaces the request's activation and the trace
 * records k, the tasks used, the times and the degraded flag. It tells the layer's {@link
 * PlanBoard} the worker parallelism the results report and that a request was decoded.
 *
 * <p>Metrics: {@code decodes}, {@code degradedDecodes}, {@code decodeLatencyMs}.
 */
public final class DecodeWindow
        extends ProcessWindowFunction<DecodeInput, RequestState, String, TimeWindow> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeWindow.class);
    private static final int HISTOGRAM_WINDOW = 1024;

    private final PipelineSpec spec;
    private final int layer;
    private transient PerPlan<LayerPlan, CodedLayer> codedLayers;
    private transient String jobId;
    private transient Counter decodes;
    private transient Counter degradedDecodes;
    private transient Histogram decodeLatency;

    public DecodeWindow(PipelineSpec spec, int layer) {
        this.spec = spec;
        this.layer = layer;
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        codedLayers =
                new PerPlan<>(PerPlan.DEFAULT_CAPACITY, plan -> spec.newCodedLayer(layer, plan));
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        decodes = getRuntimeContext().getMetricGroup().counter("decodes");
        degradedDecodes = getRuntimeContext().getMetricGroup().counter("degradedDecodes");
        decodeLatency =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram(
                                "decodeLatencyMs",
                                new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    @Override
    public void process(
            String traceKey,
            Context context,
            Iterable<DecodeInput> elements,
            Collector<RequestState> out) {
        long firedAtMs = System.currentTimeMillis();
        DecodeInput master = null;
        for (DecodeInput element : elements) {
            if (element.isContext()) {
                master = element;
            }
        }
        if (master == null) {
            LOG.warn("layer {}: window of {} fired without its context; dropped", layer, traceKey);
            return;
        }
        PlanBoard board = PlanBoard.find(jobId, layer);
        CodedLayer codedLayer;
        try {
            codedLayer =
                    codedLayers.get(
                            new LayerPlan(spec.codedStep(layer).code(), master.workers, master.k));
        } catch (RuntimeException e) {
            LOG.warn("request {}: layer {} has no usable plan", master.context.requestId, layer, e);
            context.output(
                    Outputs.ERRORS,
                    new ErrorRecord(
                            master.context.requestId,
                            "decode " + spec.layerName(layer),
                            e.getMessage(),
                            System.currentTimeMillis()));
            return;
        }
        List<CodedResult> results = new ArrayList<>();
        long seen = 0;
        for (DecodeInput element : elements) {
            if (!element.isContext() && usable(element.result, codedLayer, seen)) {
                results.add(element.result);
                seen |= 1L << Math.min(element.result.taskIndex, 63);
                if (board != null) {
                    board.workersSeen(element.result.workerParallelism);
                }
            }
        }

        RequestState state = master.context;
        int[] arrived = results.stream().mapToInt(result -> result.taskIndex).toArray();
        float[][] payloads = results.stream().map(result -> result.payload).toArray(float[][]::new);
        long start = System.nanoTime();
        try {
            boolean sufficient = codedLayer.code().isSufficient(arrived);
            float[] output;
            long used;
            if (sufficient) {
                output = codedLayer.decode(arrived, payloads, master.layerContext);
                used = mask(codedLayer.code().decoder(arrived).usedTasks());
            } else {
                output =
                        codedLayer
                                .decodeRecovering(
                                        arrived, payloads, state.activation, master.layerContext)
                                .output();
                used = mask(arrived);
                degradedDecodes.inc();
            }
            state.degraded[layer] = !sufficient;
            state.usedTasks[layer] = used;
            long slowest = 0;
            for (CodedResult result : results) {
                if ((used & (1L << Math.min(result.taskIndex, 63))) != 0) {
                    slowest = Math.max(slowest, result.computeMicros);
                }
            }
            state.slowestUsedTaskMs[layer] = slowest / 1e3f;
            state.activation = output;
            state.nextStep = spec.codedStep(layer).step() + 1;
        } catch (RuntimeException e) {
            LOG.warn("request {}: decoding layer {} failed", state.requestId, layer, e);
            context.output(
                    Outputs.ERRORS,
                    new ErrorRecord(
                            state.requestId,
                            "decode " + spec.layerName(layer),
                            e.getMessage(),
                            System.currentTimeMillis()));
            return;
        }
        float decodeMs = (System.nanoTime() - start) / 1e6f;
        state.decodeMs[layer] = decodeMs;
        state.waitMs[layer] = firedAtMs - state.encodedAtMs;
        decodes.inc();
        decodeLatency.update(Math.round(decodeMs));
        if (board != null) {
            board.decoded();
        }
        LOG.debug(
                "request {} layer {}: decoded from {} results in {} ms",
                state.requestId,
                layer,
                arrived.length,
                decodeMs);
        out.collect(state);
    }

    @Override
    public void close() {
        if (codedLayers != null) {
            codedLayers.close();
        }
    }

    private boolean usable(CodedResult result, CodedLayer codedLayer, long seen) {
        if (result.failed) {
            return false;
        }
        LayerPlan plan = codedLayer.plan();
        boolean valid =
                result.workers == plan.n()
                        && result.k == plan.k()
                        && result.taskIndex >= 0
                        && (codedLayer.code().isRateless() || result.taskIndex < plan.n())
                        && result.payload != null
                        && result.payload.length == codedLayer.resultLength();
        if (!valid) {
            LOG.warn("layer {}: unusable result {}; ignored", layer, result);
            return false;
        }
        return result.taskIndex > 63 || (seen & (1L << result.taskIndex)) == 0;
    }

    private static long mask(int[] tasks) {
        long mask = 0;
        for (int task : tasks) {
            mask |= 1L << Math.min(task, 63);
        }
        return mask;
    }
}
