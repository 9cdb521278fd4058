package io.cocoi.operators.stream;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.ErasureCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a {@link DeadlineWindows} window exactly once: as soon as the master context and a set of
 * coded results that determines all k sources are in (for an MDS code, any k distinct tasks), or at
 * the deadline with whatever arrived, which the window function decodes in degraded mode. Anything
 * that arrives after the firing is purged and counted in the {@code lateResults} metric; a task
 * index seen twice counts once. A fixed-rate code whose every task has a result or a worker's
 * failure signal fires at once, degraded, instead of waiting for the deadline. The (n, k) to decode
 * comes with every element, since the master chooses the plan per request; an element whose plan no
 * code of this kind can have is ignored.
 *
 * <p>State per window: the distinct task indices that arrived or failed, whether the context
 * arrived and whether the window fired; cleared with the window at deadline + grace.
 */
public final class KOfNTrigger extends Trigger<DecodeInput, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private static final ListStateDescriptor<Integer> ARRIVED =
            new ListStateDescriptor<>("arrived-tasks", Integer.class);
    private static final ListStateDescriptor<Integer> FAILED =
            new ListStateDescriptor<>("failed-tasks", Integer.class);
    private static final ValueStateDescriptor<Boolean> CONTEXT =
            new ValueStateDescriptor<>("context-arrived", Boolean.class);
    private static final ValueStateDescriptor<Boolean> FIRED =
            new ValueStateDescriptor<>("fired", Boolean.class);

    /** Codes kept per trigger instance, keyed by (n, k); plans change rarely. */
    private static final int CODES_KEPT = 8;

    /** A rateless code's rank is checked every k/16 results past k. */
    private static final int RANK_CHECKS_PER_K = 16;

    private final CodeKind code;
    private transient Map<Long, ErasureCode> codes;
    private transient Counter lateResults;

    private KOfNTrigger(CodeKind code) {
        this.code = code;
    }

    /**
     * Fires when the results at hand decode {@code code} with the (n, k) the elements carry, or at
     * the deadline.
     */
    public static KOfNTrigger of(CodeKind code) {
        if (code == null) {
            throw new IllegalArgumentException("k-of-n trigger needs a code, got null");
        }
        return new KOfNTrigger(code);
    }

    @Override
    public TriggerResult onElement(
            DecodeInput element, long timestamp, TimeWindow window, TriggerContext context)
            throws Exception {
        ValueState<Boolean> fired = context.getPartitionedState(FIRED);
        if (Boolean.TRUE.equals(fired.value())
                || context.getCurrentProcessingTime() > window.maxTimestamp()) {
            lateResults(context).inc();
            return TriggerResult.PURGE;
        }
        context.registerProcessingTimeTimer(window.getStart());

        ErasureCode erasureCode = code(element.workers, element.k);
        if (erasureCode == null) {
            return TriggerResult.CONTINUE;
        }
        ValueState<Boolean> contextArrived = context.getPartitionedState(CONTEXT);
        ListState<Integer> arrived = context.getPartitionedState(ARRIVED);
        ListState<Integer> failed = context.getPartitionedState(FAILED);
        // Each list is read once per element: with RocksDB every read deserializes it.
        int[] arrivedTasks = taskIndices(arrived);
        int[] failedTasks = taskIndices(failed);
        if (element.isContext()) {
            contextArrived.update(true);
        } else if (element.result.failed) {
            failedTasks = added(failed, failedTasks, element.result.taskIndex);
        } else {
            arrivedTasks = added(arrived, arrivedTasks, element.result.taskIndex);
        }
        if (!Boolean.TRUE.equals(contextArrived.value())) {
            return TriggerResult.CONTINUE;
        }

        // The deadline may have passed while the context was missing: fire degraded right away.
        // Once every task of a fixed-rate code has a result or a failure signal, nothing more
        // will come: fire degraded without waiting for the deadline either.
        boolean pastDeadline = context.getCurrentProcessingTime() >= window.getStart();
        if (pastDeadline
                || (worthChecking(erasureCode, arrivedTasks.length)
                        && erasureCode.isSufficient(arrivedTasks))
                || allAccountedFor(erasureCode, arrivedTasks, failedTasks)) {
            fired.update(true);
            context.deleteProcessingTimeTimer(window.getStart());
            return TriggerResult.FIRE_AND_PURGE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext context)
            throws Exception {
        ValueState<Boolean> fired = context.getPartitionedState(FIRED);
        boolean contextArrived = Boolean.TRUE.equals(context.getPartitionedState(CONTEXT).value());
        if (time == window.getStart() && contextArrived && !Boolean.TRUE.equals(fired.value())) {
            fired.update(true);
            return TriggerResult.FIRE_AND_PURGE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext context) {
        context.getPartitionedState(ARRIVED).clear();
        context.getPartitionedState(FAILED).clear();
        context.getPartitionedState(CONTEXT).clear();
        context.getPartitionedState(FIRED).clear();
        context.deleteProcessingTimeTimer(window.getStart());
    }

    @Override
    public String toString() {
        return "KOfNTrigger(%s)".formatted(code.cliName());
    }

    /** The (n, k) code, or null when no code of this kind has that plan. */
    private ErasureCode code(int n, int k) {
        if (codes == null || codes.size() > CODES_KEPT) {
            codes = new HashMap<>();
        }
        long plan = ((long) n << 32) | (k & 0xFFFFFFFFL);
        ErasureCode erasureCode = codes.get(plan);
        if (erasureCode == null) {
            try {
                erasureCode = code.create(n, k);
            } catch (IllegalArgumentException e) {
                return null;
            }
            codes.put(plan, erasureCode);
        }
        return erasureCode;
    }

    private Counter lateResults(TriggerContext context) {
        if (lateResults == null) {
            // Flink's trigger test harness offers no metric group.
            MetricGroup group = context.getMetricGroup();
            lateResults = group == null ? new SimpleCounter() : group.counter("lateResults");
        }
        return lateResults;
    }

    /**
     * Whether to test {@code arrived} results for sufficiency now. A fixed-rate code's check is a
     * count; a rateless code's is a rank computation that grows with the results, so it starts at k
     * results and repeats every k/16 (at least every one) after that. The master streams about a
     * quarter more symbols than a stream needs ({@code LtSymbolBudget}), so a check still comes
     * after the rank is reached; if not, the deadline fires.
     */
    private static boolean worthChecking(ErasureCode code, int arrived) {
        if (!code.isRateless()) {
            return true;
        }
        int step = Math.max(1, code.k() / RANK_CHECKS_PER_K);
        return arrived >= code.k() && (arrived - code.k()) % step == 0;
    }

    private static boolean allAccountedFor(ErasureCode code, int[] arrived, int[] failed) {
        if (code.isRateless()) {
            return false;
        }
        long accounted =
                IntStream.concat(Arrays.stream(arrived), Arrays.stream(failed))
                        .filter(task -> task >= 0 && task < code.n())
                        .distinct()
                        .count();
        return accounted == code.n();
    }

    /**
     * {@code tasks} with {@code taskIndex} added to it and to {@code stored}, unless seen before.
     */
    private static int[] added(ListState<Integer> stored, int[] tasks, int taskIndex)
            throws Exception {
        for (int task : tasks) {
            if (task == taskIndex) {
                return tasks;
            }
        }
        stored.add(taskIndex);
        int[] more = Arrays.copyOf(tasks, tasks.length + 1);
        more[tasks.length] = taskIndex;
        return more;
    }

    private static int[] taskIndices(ListState<Integer> arrived) throws Exception {
        List<Integer> tasks = new ArrayList<>();
        Iterable<Integer> stored = arrived.get();
        if (stored != null) {
            stored.forEach(tasks::add);
        }
        return tasks.stream().mapToInt(Integer::intValue).toArray();
    }
}
