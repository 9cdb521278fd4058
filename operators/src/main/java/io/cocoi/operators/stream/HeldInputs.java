package io.cocoi.operators.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The layer inputs (and skip tensors) of one job's layer that the master holds in memory while the
 * workers compute, instead of sending them to the decode window with the context: the window takes
 * the skip tensor back on every decode and needs the input only to recover or re-dispatch
 * partitions, so the common case moves no copy of it through Flink's network stack or window state.
 * Master operators run with parallelism 1 in one slot, so {@link SplitEncode} and the layer's
 * decode windows share this JVM; SplitEncode checkpoints what it holds and puts it back on restore.
 */
final class HeldInputs {

    private static final Map<String, HeldInputs> BY_LAYER = new ConcurrentHashMap<>();

    private static final long POLL_MS = 10;

    private final Map<String, HeldInput> byTrace = new ConcurrentHashMap<>();

    private HeldInputs() {}

    /** A new, empty store for {@code layer} of job {@code jobId}, replacing an earlier run's. */
    static HeldInputs start(String jobId, int layer) {
        HeldInputs store = new HeldInputs();
        BY_LAYER.put(key(jobId, layer), store);
        return store;
    }

    /**
     * The input held for {@code traceKey}, waiting up to {@code patience} for it: right after a
     * restore a decode window's timer can fire before SplitEncode has put back what it held.
     */
    static HeldInput await(String jobId, int layer, String traceKey, Duration patience)
            throws InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (true) {
            HeldInputs store = BY_LAYER.get(key(jobId, layer));
            HeldInput held = store == null ? null : store.byTrace.get(traceKey);
            if (held != null || System.nanoTime() > end) {
                return held;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
    }

    /** Forgets the input of {@code traceKey}: its layer was decoded or gave up. */
    static void release(String jobId, int layer, String traceKey) {
        HeldInputs store = BY_LAYER.get(key(jobId, layer));
        if (store != null) {
            store.byTrace.remove(traceKey);
        }
    }

    /** Holds {@code input}, first dropping whatever expired, so nothing outlives its windows. */
    void hold(HeldInput input, long nowMs) {
        byTrace.values().removeIf(held -> held.expiresAtMs < nowMs);
        byTrace.put(input.traceKey, input);
    }

    List<HeldInput> all() {
        return List.copyOf(byTrace.values());
    }

    int size() {
        return byTrace.size();
    }

    /** Removes this store if it is still the registered one. */
    void stop(String jobId, int layer) {
        BY_LAYER.remove(key(jobId, layer), this);
    }

    private static String key(String jobId, int layer) {
        return jobId + "/" + layer;
    }
}
