package io.cocoi.operators.stream;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.ErasureCode;
import java.util.ArrayList;
import java.util.List;
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
 * index seen twice counts once.
 *
 * <p>State per window: the distinct task indices that arrived, whether the context arrived and
 * whether the window fired; cleared with the window at deadline + grace.
 */
public final class KOfNTrigger extends Trigger<DecodeInput, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private static final ListStateDescriptor<Integer> ARRIVED =
            new ListStateDescriptor<>("arrived-tasks", Integer.class);
    private static final ValueStateDescriptor<Boolean> CONTEXT =
            new ValueStateDescriptor<>("context-arrived", Boolean.class);
    private static final ValueStateDescriptor<Boolean> FIRED =
            new ValueStateDescriptor<>("fired", Boolean.class);

    private final CodeKind code;
    private final int n;
    private final int k;
    private transient ErasureCode erasureCode;
    private transient Counter lateResults;

    private KOfNTrigger(CodeKind code, int n, int k) {
        this.code = code;
        this.n = n;
        this.k = k;
    }

    /** Fires when the results at hand decode an (n, k) {@code code}, or at the deadline. */
    public static KOfNTrigger of(CodeKind code, int n, int k) {
        code.create(n, k);
        return new KOfNTrigger(code, n, k);
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

        ValueState<Boolean> contextArrived = context.getPartitionedState(CONTEXT);
        ListState<Integer> arrived = context.getPartitionedState(ARRIVED);
        if (element.isContext()) {
            contextArrived.update(true);
        } else if (!element.result.failed && !contains(arrived, element.result.taskIndex)) {
            arrived.add(element.result.taskIndex);
        }
        if (!Boolean.TRUE.equals(contextArrived.value())) {
            return TriggerResult.CONTINUE;
        }

        // The deadline may have passed while the context was missing: fire degraded right away.
        boolean pastDeadline = context.getCurrentProcessingTime() >= window.getStart();
        if (pastDeadline || code().isSufficient(taskIndices(arrived))) {
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
        context.getPartitionedState(CONTEXT).clear();
        context.getPartitionedState(FIRED).clear();
        context.deleteProcessingTimeTimer(window.getStart());
    }

    @Override
    public String toString() {
        return "KOfNTrigger(%s, n=%d, k=%d)".formatted(code.cliName(), n, k);
    }

    private ErasureCode code() {
        if (erasureCode == null) {
            erasureCode = code.create(n, k);
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

    private static boolean contains(ListState<Integer> arrived, int taskIndex) throws Exception {
        Iterable<Integer> tasks = arrived.get();
        if (tasks != null) {
            for (int task : tasks) {
                if (task == taskIndex) {
                    return true;
                }
            }
        }
        return false;
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
