package io.cocoi.operators.stream;

import io.cocoi.codec.latency.DeviceEmulator.MasterWork;
import io.cocoi.operators.djl.ModelExecutor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the graph steps between two distributed convolutions on the master (ReLU, pooling, residual
 * adds with their projections, the classifier head, and convolutions that stay local). A request
 * that fails here goes to {@link Outputs#ERRORS}; the others go on. With device emulation the
 * master holds the result until the emulated time of the full-size steps' convolutions and linear
 * layers has passed.
 */
public final class MasterSteps extends ProcessFunction<RequestState, RequestState> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MasterSteps.class);

    private final PipelineSpec spec;
    private final int fromStep;
    private final int toStep;
    private transient ModelExecutor executor;
    private transient double emulatedFlops;

    /** Steps [{@code fromStep}, {@code toStep}) of the spec's graph. */
    public MasterSteps(PipelineSpec spec, int fromStep, int toStep) {
        this.spec = spec;
        this.fromStep = fromStep;
        this.toStep = toStep;
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        executor = ModelExecutor.forSteps(spec.graph(), spec.weights(), fromStep, toStep);
        if (spec.emulation() != null) {
            emulatedFlops = FullSizeWorkloads.masterStepFlops(spec, fromStep, toStep);
        }
        LOG.debug("{}: master steps [{}, {}) ready", spec.model(), fromStep, toStep);
    }

    @Override
    public void processElement(RequestState state, Context context, Collector<RequestState> out)
            throws InterruptedException {
        long startMs = System.currentTimeMillis();
        try (ModelExecutor.Pass pass =
                executor.resume(fromStep, state.activation, state.skipSlot, state.skip)) {
            while (pass.nextIndex() < toStep) {
                pass.applyNext();
            }
            state.activation = pass.values();
            state.skipSlot = pass.openSkipSlot();
            state.skip = pass.skipValues();
            state.nextStep = toStep;
        } catch (RuntimeException e) {
            LOG.warn("request {}: steps [{}, {}) failed", state.requestId, fromStep, toStep, e);
            context.output(
                    Outputs.ERRORS,
                    ErrorRecord.now(
                            state.requestId,
                            "master steps %d-%d".formatted(fromStep, toStep),
                            e.getMessage()));
            return;
        }
        if (spec.emulation() != null) {
            double seconds =
                    spec.emulation()
                            .masterSeconds(
                                    MasterWork.LOCAL, emulatedFlops, state.requestId, fromStep);
            DeviceHold.until(startMs + Math.round(seconds * 1_000));
        }
        out.collect(state);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.close();
        }
    }
}
