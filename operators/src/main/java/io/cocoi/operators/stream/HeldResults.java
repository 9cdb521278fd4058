package io.cocoi.operators.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The payloads of the coded results one decode window is collecting, kept in memory beside the
 * window instead of in its state: with RocksDB every result (megabytes for early layers) would
 * otherwise be written into the state backend on arrival and read back when the window fires. The
 * window state holds the result without its payload, and the window takes the payloads from here
 * when it fires. {@link HoldResults} fills the store and checkpoints it; it runs chained in front
 * of its window, in the same task, so both see one store and one checkpoint.
 *
 * <p>A fired window closes its request here until the window ends: payloads that arrive later are
 * not kept, and everything held is dropped once its window has ended.
 */
final class HeldResults {

    private static final Map<String, HeldResults> BY_WINDOW = new ConcurrentHashMap<>();

    private final Map<String, Map<Integer, HeldResult>> byTrace = new ConcurrentHashMap<>();

    /** Requests whose window fired, with the end of that window. */
    private final Map<String, Long> closedUntilMs = new ConcurrentHashMap<>();

    private HeldResults() {}

    /**
     * A new, empty store for one decode window subtask, replacing an earlier run's: {@code round} 1
     * is a layer's window, 2 its second-round window.
     */
    static HeldResults start(String jobId, int layer, int round, int subtask) {
        HeldResults store = new HeldResults();
        BY_WINDOW.put(key(jobId, layer, round, subtask), store);
        return store;
    }

    /** The store of that decode window subtask, or null when no results are held for it. */
    static HeldResults find(String jobId, int layer, int round, int subtask) {
        return BY_WINDOW.get(key(jobId, layer, round, subtask));
    }

    /**
     * Keeps {@code result}, first dropping what expired; false, keeping nothing, when its window
     * fired already or has ended.
     */
    boolean hold(HeldResult result, long nowMs) {
        byTrace.values()
                .removeIf(
                        held -> {
                            held.values().removeIf(entry -> entry.expiresAtMs < nowMs);
                            return held.isEmpty();
                        });
        closedUntilMs.values().removeIf(untilMs -> untilMs < nowMs);
        if (result.expiresAtMs < nowMs || closedUntilMs.containsKey(result.traceKey)) {
            return false;
        }
        byTrace.computeIfAbsent(result.traceKey, ignored -> new ConcurrentHashMap<>())
                .put(result.taskIndex, result);
        return true;
    }

    /** The payload of task {@code taskIndex} of {@code traceKey}, or null when none is held. */
    float[] payload(String traceKey, int taskIndex) {
        Map<Integer, HeldResult> held = byTrace.get(traceKey);
        HeldResult result = held == null ? null : held.get(taskIndex);
        return result == null ? null : result.payload;
    }

    /** Drops the payloads of {@code traceKey}, whose window fired, and refuses more until then. */
    void close(String traceKey, long windowEndMs) {
        byTrace.remove(traceKey);
        closedUntilMs.put(traceKey, windowEndMs);
    }

    List<HeldResult> all() {
        List<HeldResult> all = new ArrayList<>();
        byTrace.values().forEach(held -> all.addAll(held.values()));
        return all;
    }

    int size() {
        return byTrace.values().stream().mapToInt(Map::size).sum();
    }

    /** Removes this store if it is still the registered one. */
    void stop(String jobId, int layer, int round, int subtask) {
        BY_WINDOW.remove(key(jobId, layer, round, subtask), this);
    }

    private static String key(String jobId, int layer, int round, int subtask) {
        return jobId + "/" + layer + "/" + round + "/" + subtask;
    }
}
