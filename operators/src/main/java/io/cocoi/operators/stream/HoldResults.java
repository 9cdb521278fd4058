package io.cocoi.operators.stream;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs chained in front of a decode window, keyed the same way: takes each coded result's payload
 * off into {@link HeldResults} and passes the result on without it, so the window state (RocksDB by
 * default) holds a few hundred bytes per result instead of the layer's output slab. The window puts
 * the payloads back when it fires. Contexts and failure signals pass unchanged.
 *
 * <p>The held payloads are this function's operator state: a checkpoint holds exactly the payloads
 * of the results in the window state beside it. Every subtask restores the union and keeps the
 * requests whose key it owns, so a rescaled job finds each payload at its window.
 *
 * <p>Metric: {@code heldResults}, the payloads held now.
 */
public final class HoldResults extends KeyedProcessFunction<String, DecodeInput, DecodeInput>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HoldResults.class);

    private final PipelineSpec spec;
    private final int layer;
    private final int round;
    private transient String jobId;
    private transient int subtask;
    private transient HeldResults held;
    private transient ListState<HeldResult> heldState;

    /** For the decode window of {@code layer} in {@code round} (1, or 2 for a second round). */
    public HoldResults(PipelineSpec spec, int layer, int round) {
        if (round != 1 && round != 2) {
            throw new IllegalArgumentException(
                    "held results of layer %d: round %d, expected 1 or 2".formatted(layer, round));
        }
        this.spec = spec;
        this.layer = layer;
        this.round = round;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        held = HeldResults.start(jobId, layer, round, subtask);
        heldState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("held-results", HeldResult.class));
        if (context.isRestored()) {
            restore(heldState.get());
        }
    }

    private void restore(Iterable<HeldResult> checkpointed) {
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        // The restored windows may fire right away: their payloads get a fresh lifetime.
        long nowMs = System.currentTimeMillis();
        long lifetimeMs = spec.layerTimeoutMs() + spec.grace().toMillis();
        for (HeldResult result : checkpointed) {
            int owner =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            result.traceKey, maxParallelism, parallelism);
            if (owner == subtask) {
                result.expiresAtMs = Math.max(result.expiresAtMs, nowMs + lifetimeMs);
                held.hold(result, nowMs);
            }
        }
        LOG.info(
                "layer {} round {} subtask {}: holding {} restored result payloads",
                layer,
                round,
                subtask,
                held.size());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        heldState.update(held.all());
    }

    @Override
    public void open(OpenContext openContext) {
        getRuntimeContext().getMetricGroup().gauge("heldResults", () -> held.size());
    }

    @Override
    public void processElement(DecodeInput element, Context context, Collector<DecodeInput> out) {
        CodedResult result = element.result;
        if (result != null && !result.failed && result.payload != null) {
            // A result for a window that fired or ended is kept nowhere: the trigger counts it
            // late.
            long windowEndMs = result.deadlineMs + spec.grace().toMillis();
            held.hold(
                    new HeldResult(result.requestId, result.taskIndex, result.payload, windowEndMs),
                    System.currentTimeMillis());
            result.payload = null;
            result.payloadHeld = true;
        }
        out.collect(element);
    }

    @Override
    public void close() {
        if (held != null) {
            held.stop(jobId, layer, round, subtask);
        }
    }
}
