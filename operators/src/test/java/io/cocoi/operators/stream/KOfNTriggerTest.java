package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.coding.CodeKind;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.TriggerTestHarness;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class KOfNTriggerTest {

    private static final long DEADLINE_MS = 10_000;

    private final TimeWindow window =
            DeadlineWindows.of(Duration.ofSeconds(5), KOfNTrigger.of(CodeKind.SYSTEMATIC, 6, 3))
                    .assignWindows(context(), 0, null)
                    .iterator()
                    .next();

    @Test
    void windowSpansFromTheDeadlineToTheEndOfTheGracePeriod() {
        assertThat(window.getStart()).isEqualTo(DEADLINE_MS);
        assertThat(window.maxTimestamp()).isEqualTo(DEADLINE_MS + 5_000);
    }

    @Test
    void firesOnceWhenTheContextAndKDistinctResultsAreIn() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);

        assertThat(harness.processElement(result(0), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(new StreamRecord<>(context()), window))
                .isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(4), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(4), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(5), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);

        assertThat(harness.processElement(result(1), window)).isEqualTo(TriggerResult.PURGE);
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.advanceProcessingTime(DEADLINE_MS)).isEmpty();
    }

    @Test
    void waitsForTheContextEvenWithKResults() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);

        harness.processElement(result(2), window);
        harness.processElement(result(3), window);
        assertThat(harness.processElement(result(1), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(new StreamRecord<>(context()), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void firesDegradedAtTheDeadlineWithTooFewResults() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(1), window);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        assertThat(harness.advanceProcessingTime(DEADLINE_MS - 1)).isEmpty();
        assertThat(harness.advanceProcessingTime(DEADLINE_MS, window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
        assertThat(harness.processElement(result(2), window)).isEqualTo(TriggerResult.PURGE);
    }

    @Test
    void aContextThatArrivesAfterTheDeadlineFiresAtOnce() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);

        harness.processElement(result(0), window);
        assertThat(harness.advanceProcessingTime(DEADLINE_MS + 10, window))
                .isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(new StreamRecord<>(context()), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void failureSignalsDoNotCountTowardsK() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(0), window);
        harness.processElement(failure(1), window);
        assertThat(harness.processElement(failure(2), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(2), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(5), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void replicationNeedsACopyOfEverySource() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.REPLICATION, 6, 3);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(0), window);
        harness.processElement(result(3), window);
        assertThat(harness.processElement(result(1), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(5), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void elementsPastTheWindowEndArePurged() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);

        harness.advanceProcessingTime(window.maxTimestamp() + 1);

        assertThat(harness.processElement(result(0), window)).isEqualTo(TriggerResult.PURGE);
        assertThat(harness.numStateEntries()).isZero();
    }

    @Test
    void clearingTheWindowLeavesNoStateOrTimers() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC, 6, 3);
        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(2), window);
        assertThat(harness.numStateEntries()).isEqualTo(2);

        harness.clearTriggerState(window);

        assertThat(harness.numStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void rejectsCodesThatCannotExist() {
        assertThatThrownBy(() -> KOfNTrigger.of(CodeKind.SYSTEMATIC, 4, 5))
                .hasMessage(
                        "code systematic: k=5 is larger than n=4 workers, expected 1 <= k <= n");
        assertThatThrownBy(() -> DeadlineWindows.of(Duration.ZERO, null))
                .hasMessage("decode window grace PT0S, expected a positive duration");
    }

    private static TriggerTestHarness<DecodeInput, TimeWindow> harness(CodeKind code, int n, int k)
            throws Exception {
        return new TriggerTestHarness<>(KOfNTrigger.of(code, n, k), new TimeWindow.Serializer());
    }

    private static StreamRecord<DecodeInput> result(int taskIndex) {
        CodedTask task = new CodedTask("request-1", 0, taskIndex, 0, DEADLINE_MS, new float[1]);
        return new StreamRecord<>(DecodeInput.ofResult(new CodedResult(task, new float[1], 0, 1)));
    }

    private static StreamRecord<DecodeInput> failure(int taskIndex) {
        CodedTask task = new CodedTask("request-1", 0, taskIndex, 0, DEADLINE_MS, new float[1]);
        return new StreamRecord<>(DecodeInput.ofResult(CodedResult.failure(task, taskIndex)));
    }

    private static DecodeInput context() {
        RequestState state = RequestState.start("request-1", "vgg16", 0, 0, new float[1], 1);
        state.deadlineMs = DEADLINE_MS;
        return DecodeInput.ofContext(state, null);
    }
}
