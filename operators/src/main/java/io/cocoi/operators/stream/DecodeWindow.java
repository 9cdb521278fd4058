package io.cocoi.operators.stream;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.latency.DeviceEmulator.MasterWork;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.LayerPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>The first window of an uncoded layer ({@link #redispatching}) does not recover missing
 * partitions itself while some worker answered: it re-dispatches each missing partition to a worker
 * whose result arrived ({@link Outputs#REDISPATCHED}, for a second worker stage) and hands the
 * context and the results it has, with a new deadline, to a second window ({@link
 * Outputs#SECOND_ROUND}). That window is a plain one: at its deadline the master recovers what is
 * still missing, so no request is stuck.
 *
 * <p>The context usually comes without the layer input and skip tensor: the master held them
 * ({@link HeldInputs}), and the window takes them back when it fires and then releases them. The
 * results usually come without their payloads, which {@link HoldResults} keeps beside the window
 * ({@link HeldResults}); the window takes those when it fires and then closes the request there.
 *
 * <p>With device emulation the master is a slower device: the window first waits for the emulated
 * W_O mod k remainder ({@link RequestState#remainderDoneAtMs}), then holds the decoded output until
 * the emulated decode time has passed: N_dec for the sources decoded from parity, plus N_cmp per
 * partition the master recovers itself in degraded mode.
 *
 * <p>Metrics: {@code decodes}, {@code degradedDecodes}, {@code redispatchedTasks}, {@code
 * decodeLatencyMs}.
 */
public final class DecodeWindow
        extends ProcessWindowFunction<DecodeInput, RequestState, String, TimeWindow> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeWindow.class);
    private static final int HISTOGRAM_WINDOW = 1024;

    /** How long a window waits for a held layer input that is not there (after a restore). */
    private static final Duration HELD_INPUT_PATIENCE = Duration.ofSeconds(5);

    private final PipelineSpec spec;
    private final int layer;
    private final boolean redispatch;
    private final int round;
    private transient PerPlan<LayerPlan, CodedLayer> codedLayers;
    private transient String jobId;
    private transient int subtask;
    private transient Counter decodes;
    private transient Counter degradedDecodes;
    private transient Counter redispatchedTasks;
    private transient Histogram decodeLatency;
    private transient FullSizeWorkloads emulatedWork;

    public DecodeWindow(PipelineSpec spec, int layer) {
        this(spec, layer, false, 1);
    }

    private DecodeWindow(PipelineSpec spec, int layer, boolean redispatch, int round) {
        this.spec = spec;
        this.layer = layer;
        this.redispatch = redispatch;
        this.round = round;
    }

    /** The second window of an uncoded layer, for the partitions the first re-dispatched. */
    public static DecodeWindow secondRound(PipelineSpec spec, int layer) {
        return new DecodeWindow(spec, layer, false, 2);
    }

    /** 1 for a layer's window, 2 for its second-round window; its {@link HoldResults} round. */
    public int round() {
        return round;
    }

    /** The first decode window of uncoded layer {@code layer}, which re-dispatches partitions. */
    public static DecodeWindow redispatching(PipelineSpec spec, int layer) {
        CodeKind code = spec.codedStep(layer).code();
        if (code != CodeKind.UNCODED) {
            throw new IllegalArgumentException(
                    "decode window of layer %s: re-dispatch needs code uncoded, got %s"
                            .formatted(spec.layerName(layer), code.cliName()));
        }
        return new DecodeWindow(spec, layer, true, 1);
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        codedLayers =
                new PerPlan<>(PerPlan.DEFAULT_CAPACITY, plan -> spec.newCodedLayer(layer, plan));
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        emulatedWork = new FullSizeWorkloads(spec, layer);
        decodes = getRuntimeContext().getMetricGroup().counter("decodes");
        degradedDecodes = getRuntimeContext().getMetricGroup().counter("degradedDecodes");
        redispatchedTasks = getRuntimeContext().getMetricGroup().counter("redispatchedTasks");
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
            Collector<RequestState> out)
            throws InterruptedException {
        HeldResults heldResults = HeldResults.find(jobId, layer, round, subtask);
        List<DecodeInput> inputs = new ArrayList<>();
        DecodeInput master = null;
        for (DecodeInput element : elements) {
            if (element.isContext()) {
                master = element;
            } else if (element.result.payloadHeld) {
                element.result.payload =
                        heldResults == null
                                ? null
                                : heldResults.payload(traceKey, element.result.taskIndex);
                element.result.payloadHeld = false;
            }
            inputs.add(element);
        }
        try {
            if (master == null) {
                LOG.warn(
                        "layer {}: window of {} fired without its context; dropped",
                        layer,
                        traceKey);
                return;
            }
            RequestState state = master.context;
            if (state.inputHeld && !takeHeldInput(state, context)) {
                return;
            }
            fire(master, inputs, context, out);
        } finally {
            HeldInputs.release(jobId, layer, traceKey);
            if (heldResults != null) {
                heldResults.close(traceKey, context.window().maxTimestamp());
            }
        }
    }

    /** Puts the input the master held back into {@code state}; false, after an error, if gone. */
    private boolean takeHeldInput(RequestState state, Context context) throws InterruptedException {
        HeldInput held = HeldInputs.await(jobId, layer, state.traceKey, HELD_INPUT_PATIENCE);
        if (held == null) {
            LOG.warn(
                    "request {}: layer {} input is no longer held at the master",
                    state.requestId,
                    layer);
            context.output(
                    Outputs.ERRORS,
                    ErrorRecord.now(
                            state.requestId,
                            "decode " + spec.layerName(layer),
                            "the layer input held at the master was lost"));
            return false;
        }
        state.activation = held.activation;
        state.skip = held.skip;
        state.inputHeld = false;
        return true;
    }

    private void fire(
            DecodeInput master,
            List<DecodeInput> elements,
            Context context,
            Collector<RequestState> out)
            throws InterruptedException {
        DeviceHold.until(master.context.remainderDoneAtMs);
        long firedAtMs = System.currentTimeMillis();
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
                    ErrorRecord.now(
                            master.context.requestId,
                            "decode " + spec.layerName(layer),
                            e.getMessage()));
            return;
        }
        List<CodedResult> results = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (DecodeInput element : elements) {
            if (!element.isContext() && usable(element.result, codedLayer, seen)) {
                results.add(element.result);
                seen.add(element.result.taskIndex);
                if (board != null) {
                    board.workersSeen(element.result.workerParallelism);
                }
            }
        }

        RequestState state = master.context;
        int[] arrived = results.stream().mapToInt(result -> result.taskIndex).toArray();
        float[][] payloads = results.stream().map(result -> result.payload).toArray(float[][]::new);
        if (redispatch && !results.isEmpty() && !codedLayer.code().isSufficient(arrived)) {
            redispatch(master, codedLayer, results, context);
            return;
        }
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        int recovered = 0;
        try {
            boolean sufficient = codedLayer.code().isSufficient(arrived);
            float[] output;
            long used;
            if (sufficient) {
                output = codedLayer.decode(arrived, payloads, master.layerContext);
                used = mask(codedLayer.code().decoder(arrived).usedTasks());
            } else {
                CodedLayer.Recovered recovering =
                        codedLayer.decodeRecovering(
                                arrived, payloads, state.activation, master.layerContext);
                output = recovering.output();
                recovered = recovering.localSources().length;
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
                    ErrorRecord.now(
                            state.requestId, "decode " + spec.layerName(layer), e.getMessage()));
            return;
        }
        if (spec.emulation() != null) {
            double seconds =
                    spec.emulation()
                            .masterSeconds(
                                    MasterWork.DECODE,
                                    emulatedDecodeFlops(
                                            codedLayer, state.usedTasks[layer], recovered),
                                    state.requestId,
                                    layer);
            DeviceHold.until(startMs + Math.round(seconds * 1_000));
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

    /**
     * Sends each partition without a result to a worker that returned one, round robin, and the
     * context and results to the second window, all with a new deadline. Uncoded task i is
     * partition i.
     */
    private void redispatch(
            DecodeInput master, CodedLayer codedLayer, List<CodedResult> results, Context context) {
        RequestState state = master.context;
        LayerPlan plan = codedLayer.plan();
        int[] liveWorkers =
                results.stream().mapToInt(result -> result.workerSubtask).distinct().toArray();
        long arrived = mask(results.stream().mapToInt(result -> result.taskIndex).toArray());
        long now = System.currentTimeMillis();
        long deadlineMs = now + spec.layerTimeoutMs();
        int sent = 0;
        for (int task = 0; task < plan.n(); task++) {
            if ((arrived & (1L << Math.min(task, 63))) != 0) {
                continue;
            }
            float[] payload = new float[codedLayer.taskLength()];
            codedLayer
                    .split()
                    .extractInput(state.activation, codedLayer.split().source(task), payload);
            CodedTask again =
                    new CodedTask(
                            state.traceKey,
                            layer,
                            task,
                            plan.n(),
                            plan.k(),
                            now,
                            deadlineMs,
                            payload);
            again.targetWorker = liveWorkers[sent % liveWorkers.length];
            context.output(Outputs.REDISPATCHED, again);
            sent++;
        }
        state.deadlineMs = deadlineMs;
        state.redispatchedTasks[layer] = sent;
        context.output(
                Outputs.SECOND_ROUND,
                DecodeInput.ofContext(state, master.layerContext, plan.n(), plan.k()));
        for (CodedResult result : results) {
            context.output(
                    Outputs.SECOND_ROUND, DecodeInput.ofResult(result.withDeadline(deadlineMs)));
        }
        redispatchedTasks.inc(sent);
        LOG.debug(
                "request {} layer {}: re-dispatched {} partitions to workers {}",
                state.requestId,
                layer,
                sent,
                Arrays.toString(liveWorkers));
    }

    /**
     * The full-size FLOPs of decoding with the results {@code used}: N_dec for the sources not
     * among them (the systematic code; other codes' N_dec does not depend on it) and N_cmp for each
     * of the {@code recovered} partitions the master computed itself.
     */
    private double emulatedDecodeFlops(CodedLayer codedLayer, long used, int recovered) {
        LayerPlan plan = codedLayer.plan();
        LayerWorkload work = emulatedWork.of(plan.n(), plan.k());
        long sourceMask = plan.k() >= 63 ? -1L : (1L << plan.k()) - 1;
        int sourcesUsed = Long.bitCount(used & sourceMask);
        int fromParity = Math.max(0, plan.k() - sourcesUsed - recovered);
        return work.decodeFlops(fromParity) + recovered * work.computeFlops();
    }

    private boolean usable(CodedResult result, CodedLayer codedLayer, Set<Integer> seen) {
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
        return !seen.contains(result.taskIndex);
    }

    private static long mask(int[] tasks) {
        long mask = 0;
        for (int task : tasks) {
            mask |= 1L << Math.min(task, 63);
        }
        return mask;
    }
}
