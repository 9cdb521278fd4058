package io.cocoi.operators.stream;

import io.cocoi.codec.coding.LtCode;
import io.cocoi.codec.coding.LtSymbolBudget;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.codec.latency.DeviceEmulator.MasterWork;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.EncodedTasks;
import io.cocoi.operators.engine.LayerPlan;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's half of sending a layer out: takes the layer's current plan (code, n, k) from its
 * {@link PlanBoard}, splits the layer input into k source slabs, encodes n coded tasks (for LT a
 * bounded stream of symbols, several per worker) that all carry the plan and the layer's deadline,
 * sends them, then computes the W_O mod k remainder while the workers run and sends the request's
 * context, with the plan, to the decode window. The layer input and skip tensor stay here in memory
 * ({@link HeldInputs}, checkpointed with this function) rather than travel with the context.
 *
 * <p>With device emulation the master stands for a slower device too: it holds the tasks until the
 * emulated encoding time (N_enc) has passed since the layer input arrived, and marks when the
 * emulated remainder, started as the tasks leave, is done; the decode window waits for that.
 */
public final class SplitEncode extends ProcessFunction<RequestState, CodedTask>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SplitEncode.class);

    private final PipelineSpec spec;
    private final int layer;
    private transient String jobId;
    private transient PlanBoard board;
    private transient PerPlan<LayerPlan, CodedLayer> codedLayers;
    private transient Map<LayerPlan, Integer> symbolBudgets;
    private transient FullSizeWorkloads emulatedWork;
    private transient HeldInputs held;
    private transient ListState<HeldInput> heldState;
    private transient boolean shipInput;

    public SplitEncode(PipelineSpec spec, int layer) {
        this.spec = spec;
        this.layer = layer;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        held = HeldInputs.start(jobId, layer);
        heldState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("held-inputs", HeldInput.class));
        if (context.isRestored()) {
            // The windows of these requests may fire right away: they get a fresh lifetime.
            long nowMs = System.currentTimeMillis();
            long lifetimeMs = spec.layerTimeoutMs() + spec.grace().toMillis();
            for (HeldInput input : heldState.get()) {
                input.expiresAtMs = Math.max(input.expiresAtMs, nowMs + lifetimeMs);
                held.hold(input, nowMs);
            }
            LOG.info("layer {}: holding {} restored layer inputs", layer, held.size());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        heldState.update(held.all());
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        // With more than one master subtask the decode window may run elsewhere.
        shipInput = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks() > 1;
        board = PlanBoard.start(jobId, spec, layer);
        codedLayers =
                new PerPlan<>(PerPlan.DEFAULT_CAPACITY, plan -> spec.newCodedLayer(layer, plan));
        symbolBudgets = new HashMap<>();
        emulatedWork = new FullSizeWorkloads(spec, layer);
        CodedLayer submitted = codedLayers.get(board.plan());
        LOG.info(
                "layer {}: {} with deadline {} ms{}",
                layer,
                submitted,
                spec.layerTimeoutMs(),
                spec.adaptive() == null ? "" : ", re-planned: " + spec.adaptive());
    }

    @Override
    public void processElement(RequestState state, Context context, Collector<CodedTask> out)
            throws InterruptedException {
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
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
                    ErrorRecord.now(
                            state.requestId, "encode " + spec.layerName(layer), e.getMessage()));
            return;
        }
        DeviceEmulator emulator = spec.emulation();
        LayerWorkload work = emulator == null ? null : emulatedWork.of(plan.n(), plan.k());
        if (emulator != null) {
            double seconds =
                    emulator.masterSeconds(
                            MasterWork.ENCODE, work.encodeFlops(), state.requestId, layer);
            DeviceHold.until(startMs + Math.round(seconds * 1_000));
        }
        long now = System.currentTimeMillis();
        long deadlineMs = now + spec.layerTimeoutMs();
        int count = codedLayer.code().isRateless() ? symbolBudget(codedLayer) : tasks.count();
        for (int task = 0; task < count; task++) {
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
        state.remainderDoneAtMs = 0;
        if (emulator != null) {
            double seconds =
                    emulator.masterSeconds(
                            MasterWork.REMAINDER, work.remainderFlops(), state.requestId, layer);
            state.remainderDoneAtMs = state.encodedAtMs + Math.round(seconds * 1_000);
        }

        // The workers are busy now: the master's own share of the layer costs nothing extra.
        codedLayer.computeRemainder(tasks.context());
        if (!shipInput) {
            held.hold(
                    new HeldInput(
                            state.traceKey,
                            state.activation,
                            state.skip,
                            deadlineMs + spec.layerTimeoutMs() + spec.grace().toMillis()),
                    now);
            state.activation = null;
            state.skip = null;
            state.inputHeld = true;
        }
        context.output(
                Outputs.CONTEXTS,
                DecodeInput.ofContext(state, tasks.context(), plan.n(), plan.k()));
    }

    /**
     * LT symbols to stream for a layer: the per-worker budget times n; symbol t goes to worker t
     * mod n, so each worker receives its symbols in stream order and returns them one by one.
     */
    // The workers cannot be told to stop once the master decodes (the dataflow has no edge back),
    // so the budget is bounded and the deadline drops whatever is still queued.
    private int symbolBudget(CodedLayer codedLayer) {
        LayerPlan plan = codedLayer.plan();
        return plan.n()
                * symbolBudgets.computeIfAbsent(
                        plan,
                        ignored -> {
                            int perWorker =
                                    LtSymbolBudget.symbolsPerWorker((LtCode) codedLayer.code());
                            LOG.info(
                                    "layer {}: {} streams {} LT symbols per worker",
                                    layer,
                                    plan,
                                    perWorker);
                            return perWorker;
                        });
    }

    @Override
    public void close() {
        if (held != null) {
            held.stop(jobId, layer);
        }
        if (board != null) {
            board.stop(jobId);
        }
        if (codedLayers != null) {
            codedLayers.close();
        }
    }
}
