package io.cocoi.operators.stream;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Puts the context and coded results of one request's layer into one processing-time window that
 * starts at the layer's deadline and ends a grace period later: [deadline, deadline + grace]. Every
 * element of a request and layer carries the same deadline, so they share the window; the window
 * operator drops its state at the end, so nothing outlives deadline + grace.
 *
 * <p>Its trigger is a {@link KOfNTrigger} for the layer's code.
 */
public final class DeadlineWindows extends WindowAssigner<DecodeInput, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private final long graceMs;
    private final KOfNTrigger trigger;

    private DeadlineWindows(long graceMs, KOfNTrigger trigger) {
        this.graceMs = graceMs;
        this.trigger = trigger;
    }

    /**
     * Windows kept {@code grace} past the deadline to absorb late results, fired by {@code
     * trigger}.
     */
    public static DeadlineWindows of(Duration grace, KOfNTrigger trigger) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException(
                    "decode window grace %s, expected a positive duration".formatted(grace));
        }
        return new DeadlineWindows(grace.toMillis(), trigger);
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            DecodeInput element, long timestamp, WindowAssignerContext context) {
        long deadlineMs = element.deadlineMs();
        return List.of(new TimeWindow(deadlineMs, deadlineMs + graceMs + 1));
    }

    @Override
    public Trigger<DecodeInput, TimeWindow> getDefaultTrigger() {
        return trigger;
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    @Override
    public String toString() {
        return "DeadlineWindows(grace=%dms, %s)".formatted(graceMs, trigger);
    }
}
