package io.cocoi.operators.stream;

import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.EncodedTasks;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's half of sending a layer out: splits the layer input into k source slabs, encodes n
 * coded tasks that all carry the layer's deadline, sends them, then computes the W_O mod k
 * remainder while the workers run and sends the request's context to the decode window.
 */
public final class SplitEncode extends ProcessFunction<RequestState, CodedTask> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SplitEncode.class);

    private final PipelineSpec spec;
    private final int layer;
    private transient CodedLayer codedLayer;

    public SplitEncode(PipelineSpec spec, int layer) {
        this.spec = spec;
        this.layer = layer;
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        codedLayer = spec.newCodedLayer(layer);
        LOG.info("layer {}: {} with deadline {} ms", layer, codedLayer, spec.layerTimeoutMs());
    }

    @Override
    public void processElement(RequestState state, Context context, Collector<CodedTask> out) {
        long start = System.nanoTime();
        EncodedTasks tasks;
        try {
            tasks = codedLayer.encode(state.activation);
        } catch (RuntimeException e) {
            LOG.warn("request {}: encoding layer {} failed", state.requestId, layer, e);
            context.output(
                    Outputs.ERRORS,
                    new ErrorRecord(
                            state.requestId,
                            "encode " + codedLayer.name(),
                            e.getMessage(),
                            System.currentTimeMillis()));
            return;
        }
        long now = System.currentTimeMillis();
        long deadlineMs = now + spec.layerTimeoutMs();
        for (int task = 0; task < tasks.count(); task++) {
            out.collect(
                    new CodedTask(state.traceKey, layer, task, now, deadlineMs, tasks.task(task)));
        }
        state.encodeMs[layer] = (System.nanoTime() - start) / 1e6f;
        state.encodedAtMs = System.currentTimeMillis();
        state.deadlineMs = deadlineMs;
        state.layerK[layer] = codedLayer.plan().k();

        // The workers are busy now: the master's own share of the layer costs nothing extra.
        codedLayer.computeRemainder(tasks.context());
        context.output(Outputs.CONTEXTS, DecodeInput.ofContext(state, tasks.context()));
    }

    @Override
    public void close() {
        if (codedLayer != null) {
            codedLayer.close();
        }
    }
}
