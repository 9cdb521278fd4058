package io.cocoi.jobs.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.junit.jupiter.api.Test;

class EmbeddedFlinkOptionsTest {

    @Test
    void checkpointsEveryFiveSecondsOnAFreePortByDefault() {
        EmbeddedFlinkOptions options = EmbeddedFlinkOptions.builder().setTaskManagers(3).build();

        assertThat(options.taskManagers()).isEqualTo(3);
        assertThat(options.webUiPort()).isZero();
        assertThat(options.checkpointInterval()).hasValue(Duration.ofSeconds(5));
        assertThat(options.checkpointDirectory()).isEmpty();
    }

    @Test
    void turnsCheckpointingOff() {
        EmbeddedFlinkOptions options =
                EmbeddedFlinkOptions.builder().setTaskManagers(1).optCheckpointingOff().build();

        assertThat(options.checkpointInterval()).isEmpty();
    }

    @Test
    void keepsACopyOfExtraSettings() {
        Configuration settings = new Configuration();
        settings.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Adaptive);
        EmbeddedFlinkOptions options =
                EmbeddedFlinkOptions.builder().setTaskManagers(2).optSettings(settings).build();
        settings.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);

        assertThat(options.extraSettings().get(JobManagerOptions.SCHEDULER))
                .isEqualTo(JobManagerOptions.SchedulerType.Adaptive);
    }

    @Test
    void rejectsAClusterWithoutTaskManagers() {
        assertThatThrownBy(() -> EmbeddedFlinkOptions.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an embedded Flink cluster needs at least 1 TaskManager, got 0");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(
                        () ->
                                EmbeddedFlinkOptions.builder()
                                        .setTaskManagers(1)
                                        .optWebUiPort(70_000)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("web UI port must be 0 (any free port) or 1..65535, got 70000");
    }

    @Test
    void rejectsAZeroCheckpointInterval() {
        assertThatThrownBy(
                        () ->
                                EmbeddedFlinkOptions.builder()
                                        .setTaskManagers(1)
                                        .optCheckpointInterval(Duration.ZERO)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("checkpoint interval must be positive, got PT0S");
    }
}
