package io.cocoi.operators.stream;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Native resources built per layer plan (a {@code CodedLayer} per (n, k), a worker's convolution
 * per k), at most {@code capacity} of them: using one more closes the one used least recently. An
 * operator keeps one per layer; the plan changes rarely, so a handful covers a running job.
 *
 * <p>Not thread-safe: one operator instance owns it.
 */
final class PerPlan<K, V extends AutoCloseable> implements AutoCloseable {

    /** Plans kept per operator: the current one, the one before and a few re-plans. */
    static final int DEFAULT_CAPACITY = 4;

    private final int capacity;
    private final Function<K, V> build;
    private final LinkedHashMap<K, V> built = new LinkedHashMap<>(8, 0.75f, true);

    PerPlan(int capacity, Function<K, V> build) {
        this.capacity = capacity;
        this.build = build;
    }

    /** The resource of {@code plan}, built now if it is not kept. */
    V get(K plan) {
        V resource = built.get(plan);
        if (resource != null) {
            return resource;
        }
        resource = build.apply(plan);
        built.put(plan, resource);
        if (built.size() > capacity) {
            Iterator<Map.Entry<K, V>> eldest = built.entrySet().iterator();
            release(eldest.next().getValue());
            eldest.remove();
        }
        return resource;
    }

    int size() {
        return built.size();
    }

    @Override
    public void close() {
        built.values().forEach(PerPlan::release);
        built.clear();
    }

    private static void release(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a per-plan resource failed", e);
        }
    }
}
