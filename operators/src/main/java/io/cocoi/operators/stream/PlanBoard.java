package io.cocoi.operators.stream;

import io.cocoi.codec.latency.AdaptiveK;
import io.cocoi.operators.engine.LayerPlan;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the master learns about one distributed layer while the job runs, and the plan {@link
 * SplitEncode} uses for the next request: the worker parallelism n' that results report (fewer than
 * submitted after the job restarted without a lost TaskManager) and, with {@link AdaptivePlanning},
 * the fit of the task times observed ({@link AdaptiveK}).
 *
 * <p>A Flink dataflow has no edge back from a layer's decode window to its SplitEncode, but master
 * operators all run at parallelism 1 in one slot, hence one JVM: they share a board per (job,
 * layer) through a static registry. {@link SplitEncode#open} starts a board, the decode window and
 * the arrival tap look it up per record and feed it. Re-planning runs on one background thread, so
 * the data path only reads a volatile plan.
 */
public final class PlanBoard {

    private static final Logger LOG = LoggerFactory.getLogger(PlanBoard.class);

    private static final Map<String, PlanBoard> BOARDS = new ConcurrentHashMap<>();

    private static final ExecutorService REPLANNER =
            Executors.newSingleThreadExecutor(
                    task -> {
                        Thread thread = new Thread(task, "cocoi-replanner");
                        thread.setDaemon(true);
                        return thread;
                    });

    private final PipelineSpec spec;
    private final int layer;
    private final AdaptiveK adaptive;
    private final Executor replanner;
    private volatile LayerPlan plan;
    private int liveWorkers;
    private long decodedSinceReplan;
    private boolean replanPending;

    PlanBoard(PipelineSpec spec, int layer, Executor replanner) {
        this.spec = spec;
        this.layer = layer;
        this.replanner = replanner;
        this.plan = spec.layerPlan(layer);
        this.liveWorkers = spec.workers();
        AdaptivePlanning planning = spec.adaptive();
        this.adaptive =
                planning == null
                        ? null
                        : new AdaptiveK(
                                spec.layerShape(layer),
                                spec.codedStep(layer).code(),
                                planning.window(),
                                planning.masterRatio());
    }

    /**
     * A new board for {@code layer} of job {@code jobId}, from the submitted plan, replacing any
     * board of an earlier run in this JVM.
     */
    // Soft state: nothing here is checkpointed; after a restart the board starts again from the
    // submitted plan and learns n' and the task times anew from the first results.
    static PlanBoard start(String jobId, PipelineSpec spec, int layer) {
        PlanBoard board = new PlanBoard(spec, layer, REPLANNER);
        BOARDS.put(key(jobId, layer), board);
        return board;
    }

    /** The board of {@code layer} of job {@code jobId}, or null before its SplitEncode opened. */
    static PlanBoard find(String jobId, int layer) {
        return BOARDS.get(key(jobId, layer));
    }

    /** Removes this board if it is still the registered one. */
    void stop(String jobId) {
        BOARDS.remove(key(jobId, layer), this);
    }

    /** The plan for the next request. */
    public LayerPlan plan() {
        return plan;
    }

    /** The worker parallelism the latest results reported. */
    public synchronized int liveWorkers() {
        return liveWorkers;
    }

    /**
     * Notes a result computed by a worker operator of {@code workerParallelism} subtasks (0 when
     * unknown); a parallelism other than the current one re-plans for it.
     */
    public void workersSeen(int workerParallelism) {
        synchronized (this) {
            if (workerParallelism < 1 || workerParallelism == liveWorkers) {
                return;
            }
            LOG.warn(
                    "layer {}: workers report parallelism {}, planned for {}; re-planning",
                    spec.layerName(layer),
                    workerParallelism,
                    liveWorkers);
            liveWorkers = workerParallelism;
        }
        requestReplan();
    }

    /** Feeds the fit with a result that reached the master at {@code arrivedAtMs}. */
    public void taskReturned(CodedResult result, long arrivedAtMs) {
        if (adaptive == null || result.failed || result.workers < 1 || result.k < 1) {
            return;
        }
        double roundTripSeconds = Math.max(0, arrivedAtMs - result.dispatchedAtMs) / 1e3;
        double computeSeconds = result.computeMicros / 1e6;
        synchronized (this) {
            adaptive.observe(
                    result.workers,
                    result.k,
                    Math.max(roundTripSeconds, computeSeconds),
                    computeSeconds);
        }
    }

    /** Counts a decoded request; every {@link AdaptivePlanning#replanEvery()} of them re-plans. */
    public void decoded() {
        if (adaptive == null) {
            return;
        }
        synchronized (this) {
            decodedSinceReplan++;
            if (decodedSinceReplan < spec.adaptive().replanEvery()) {
                return;
            }
            decodedSinceReplan = 0;
        }
        requestReplan();
    }

    private void requestReplan() {
        synchronized (this) {
            if (replanPending) {
                return;
            }
            replanPending = true;
        }
        replanner.execute(this::replan);
    }

    private void replan() {
        LayerPlan next;
        try {
            synchronized (this) {
                replanPending = false;
                next = spec.layerPlan(layer, liveWorkers);
                int currentK = plan.n() == liveWorkers ? plan.k() : 0;
                OptionalInt k =
                        adaptive == null
                                ? OptionalInt.empty()
                                : adaptive.choose(liveWorkers, currentK);
                if (k.isPresent()) {
                    next = new LayerPlan(next.code(), liveWorkers, k.getAsInt());
                }
            }
            if (next.equals(plan)) {
                return;
            }

            // Build the code here, off the data path: its parity search is cached per (n, k).
            next.code().create(next.n(), next.k());
        } catch (RuntimeException e) {
            LOG.warn("layer {}: re-planning failed; keeping {}", spec.layerName(layer), plan, e);
            return;
        }
        LOG.info("layer {}: plan {} -> {}", spec.layerName(layer), plan, next);
        plan = next;
    }

    private static String key(String jobId, int layer) {
        return jobId + "/" + layer;
    }
}
