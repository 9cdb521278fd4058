package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.codec.coding.CodeKind;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flink's window operator with {@link DeadlineWindows} and {@link KOfNTrigger}: one firing per
 * request and layer, late results purged, and no keyed state or timer left once deadline + grace
 * has passed.
 */
class DecodeWindowStateTest {

    private static final long DEADLINE_MS = 10_000;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private KeyedOneInputStreamOperatorTestHarness<String, DecodeInput, String> harness;

    @BeforeEach
    void open() throws Exception {
        WindowOperatorBuilder<DecodeInput, String, TimeWindow> builder =
                new WindowOperatorBuilder<>(
                        DeadlineWindows.of(GRACE, KOfNTrigger.of(CodeKind.SYSTEMATIC)),
                        KOfNTrigger.of(CodeKind.SYSTEMATIC),
                        new ExecutionConfig(),
                        TypeInformation.of(DecodeInput.class),
                        DecodeInput::traceKey,
                        Types.STRING);
        OneInputStreamOperator<DecodeInput, String> operator = builder.process(new Describe());
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, DecodeInput::traceKey, Types.STRING);
        harness.open();
        harness.setProcessingTime(0);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void firesOnceAndLeavesNothingBehindAfterTheGracePeriod() throws Exception {
        harness.processElement(context("a"), 0);
        harness.processElement(result("a", 0), 0);
        harness.processElement(result("a", 2), 0);
        harness.processElement(result("a", 3), 0);
        harness.processElement(result("a", 1), 0);

        assertThat(outputs()).containsExactly("a: context + tasks [0, 2, 3]");
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.setProcessingTime(DEADLINE_MS + GRACE.toMillis());

        assertThat(outputs()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void firesDegradedAtTheDeadlineThenForgets() throws Exception {
        harness.processElement(result("b", 3), 0);
        harness.processElement(context("b"), 0);

        harness.setProcessingTime(DEADLINE_MS);
        assertThat(outputs()).containsExactly("b: context + tasks [3]");

        harness.processElement(result("b", 0), DEADLINE_MS + 1);
        harness.setProcessingTime(DEADLINE_MS + GRACE.toMillis());
        assertThat(outputs()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aResultAfterTheWindowEndedIsDroppedAndCleanedUp() throws Exception {
        harness.setProcessingTime(DEADLINE_MS + GRACE.toMillis() + 100);

        harness.processElement(result("c", 1), 0);
        harness.setProcessingTime(DEADLINE_MS + GRACE.toMillis() + 101);

        assertThat(outputs()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private List<String> outputs() {
        return harness.extractOutputValues();
    }

    private static DecodeInput context(String key) {
        RequestState state = RequestState.start(key, "vgg16", 0, 0, new float[1], 1);
        state.deadlineMs = DEADLINE_MS;
        return DecodeInput.ofContext(state, null, 4, 3);
    }

    private static DecodeInput result(String key, int task) {
        return DecodeInput.ofResult(
                new CodedResult(
                        new CodedTask(key, 0, task, 4, 3, 0, DEADLINE_MS, new float[1]),
                        new float[1],
                        task,
                        1));
    }

    /** Describes what a firing saw: whether the context was there and which tasks. */
    private static final class Describe
            extends ProcessWindowFunction<DecodeInput, String, String, TimeWindow> {
        @Override
        public void process(
                String key,
                Context context,
                Iterable<DecodeInput> elements,
                Collector<String> out) {
            boolean master = false;
            List<Integer> tasks = new java.util.ArrayList<>();
            for (DecodeInput element : elements) {
                if (element.isContext()) {
                    master = true;
                } else {
                    tasks.add(element.result.taskIndex);
                }
            }
            out.collect("%s: %s + tasks %s".formatted(key, master ? "context" : "nothing", tasks));
        }
    }
}
