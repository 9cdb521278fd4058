package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.LtCode;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.TriggerTestHarness;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class KOfNTriggerTest {

    private static final long DEADLINE_MS = 10_000;

    private final TimeWindow window =
            DeadlineWindows.of(Duration.ofSeconds(5), KOfNTrigger.of(CodeKind.SYSTEMATIC))
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
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

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
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

        harness.processElement(result(2), window);
        harness.processElement(result(3), window);
        assertThat(harness.processElement(result(1), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(new StreamRecord<>(context()), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void firesDegradedAtTheDeadlineWithTooFewResults() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

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
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

        harness.processElement(result(0), window);
        assertThat(harness.advanceProcessingTime(DEADLINE_MS + 10, window))
                .isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(new StreamRecord<>(context()), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void failureSignalsDoNotCountTowardsK() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(0), window);
        harness.processElement(failure(1), window);
        assertThat(harness.processElement(failure(2), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(2), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(5), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void firesDegradedAtOnceWhenEveryTaskHasAResultOrAFailure() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(0), window);
        harness.processElement(result(1), window);
        for (int task = 2; task < 5; task++) {
            assertThat(harness.processElement(failure(task), window))
                    .isEqualTo(TriggerResult.CONTINUE);
        }
        assertThat(harness.processElement(failure(2), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(failure(5), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void ltFiresWhenTheStreamedSymbolsReachRankK() throws Exception {
        int k = 32;
        LtCode code = new LtCode(4, k);
        int needed = code.symbolsUntilDecodable(100 * k);
        int step = k / 16;
        int firstCheckAfterRank = k + ((needed - k + step - 1) / step) * step;
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.LT);
        harness.processElement(new StreamRecord<>(context(4, k)), window);

        for (int symbol = 0; symbol < firstCheckAfterRank - 1; symbol++) {
            assertThat(harness.processElement(result(symbol, 4, k), window))
                    .as("symbol %d of the %d the stream needs", symbol, needed)
                    .isEqualTo(TriggerResult.CONTINUE);
        }
        assertThat(harness.processElement(result(firstCheckAfterRank - 1, 4, k), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void replicationNeedsACopyOfEverySource() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.REPLICATION);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(0), window);
        harness.processElement(result(3), window);
        assertThat(harness.processElement(result(1), window)).isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(5), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void elementsPastTheWindowEndArePurged() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

        harness.advanceProcessingTime(window.maxTimestamp() + 1);

        assertThat(harness.processElement(result(0), window)).isEqualTo(TriggerResult.PURGE);
        assertThat(harness.numStateEntries()).isZero();
    }

    @Test
    void clearingTheWindowLeavesNoStateOrTimers() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);
        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(2), window);
        harness.processElement(failure(3), window);
        assertThat(harness.numStateEntries()).isEqualTo(3);

        harness.clearTriggerState(window);

        assertThat(harness.numStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void eachRequestIsDecodedWithTheKItsTasksCarry() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);
        TimeWindow later = new TimeWindow(DEADLINE_MS + 1, DEADLINE_MS + 5_001);

        harness.processElement(new StreamRecord<>(context(6, 3)), window);
        harness.processElement(new StreamRecord<>(context(6, 5)), later);
        for (int task = 0; task < 2; task++) {
            harness.processElement(result(task, 6, 3), window);
            harness.processElement(result(task, 6, 5), later);
        }

        assertThat(harness.processElement(result(2, 6, 3), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
        assertThat(harness.processElement(result(2, 6, 5), later))
                .isEqualTo(TriggerResult.CONTINUE);
        harness.processElement(result(3, 6, 5), later);
        assertThat(harness.processElement(result(4, 6, 5), later))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void ignoresResultsOfAPlanNoCodeCanHave() throws Exception {
        TriggerTestHarness<DecodeInput, TimeWindow> harness = harness(CodeKind.SYSTEMATIC);

        harness.processElement(new StreamRecord<>(context()), window);
        harness.processElement(result(0), window);
        harness.processElement(result(1), window);
        assertThat(harness.processElement(result(2, 4, 5), window))
                .isEqualTo(TriggerResult.CONTINUE);
        assertThat(harness.processElement(result(2), window))
                .isEqualTo(TriggerResult.FIRE_AND_PURGE);
    }

    @Test
    void rejectsAMissingCodeOrGrace() {
        assertThatThrownBy(() -> KOfNTrigger.of(null))
                .hasMessage("k-of-n trigger needs a code, got null");
        assertThatThrownBy(() -> DeadlineWindows.of(Duration.ZERO, null))
                .hasMessage("decode window grace PT0S, expected a positive duration");
    }

    private static TriggerTestHarness<DecodeInput, TimeWindow> harness(CodeKind code)
            throws Exception {
        return new TriggerTestHarness<>(KOfNTrigger.of(code), new TimeWindow.Serializer());
    }

    /** A result of the (6, 3) plan most tests use. */
    private static StreamRecord<DecodeInput> result(int taskIndex) {
        return result(taskIndex, 6, 3);
    }

    private static StreamRecord<DecodeInput> result(int taskIndex, int n, int k) {
        CodedTask task =
                new CodedTask("request-1", 0, taskIndex, n, k, 0, DEADLINE_MS, new float[1]);
        return new StreamRecord<>(DecodeInput.ofResult(new CodedResult(task, new float[1], 0, 1)));
    }

    private static StreamRecord<DecodeInput> failure(int taskIndex) {
        CodedTask task = new CodedTask("request-1", 0, taskIndex, 6, 3, 0, DEADLINE_MS, null);
        return new StreamRecord<>(DecodeInput.ofResult(CodedResult.failure(task, taskIndex)));
    }

    private static DecodeInput context() {
        return context(6, 3);
    }

    private static DecodeInput context(int n, int k) {
        RequestState state = RequestState.start("request-1", "vgg16", 0, 0, new float[1], 1);
        state.deadlineMs = DEADLINE_MS;
        return DecodeInput.ofContext(state, null, n, k);
    }
}
