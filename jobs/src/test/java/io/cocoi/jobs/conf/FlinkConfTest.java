package io.cocoi.jobs.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/** The cluster configurations in flink-conf/ load in Flink 2.2 and use only keys it knows. */
class FlinkConfTest {

    private static final Path FLINK_CONF = Path.of("..", "flink-conf");

    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    CheckpointingOptions.class,
                    CoreOptions.class,
                    ExecutionOptions.class,
                    HeartbeatManagerOptions.class,
                    JobManagerOptions.class,
                    PipelineOptions.class,
                    RestOptions.class,
                    RestartStrategyOptions.class,
                    StateBackendOptions.class,
                    TaskManagerOptions.class);

    @Test
    void masterConfigurationSetsWhatTheJobRelies() {
        Configuration master = load("master");

        assertThat(master.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(1);
        assertThat(master.get(JobManagerOptions.SCHEDULER))
                .isEqualTo(JobManagerOptions.SchedulerType.Adaptive);
        assertThat(master.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(master.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(master.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(master.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(master.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ZERO);
        assertThat(master.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void workerConfigurationHasOneSlotAndFindsTheMaster() {
        Configuration worker = load("worker");

        assertThat(worker.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(1);
        assertThat(worker.get(JobManagerOptions.ADDRESS)).isEqualTo("cocoi-master");
        assertThat(worker.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL))
                .isEqualTo(load("master").get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL));
    }

    @Test
    void everyKeyIsAFlinkOption() throws IllegalAccessException {
        Set<String> known = new HashSet<>();
        for (Class<?> options : OPTION_CLASSES) {
            for (Field field : options.getFields()) {
                if (ConfigOption.class.isAssignableFrom(field.getType())) {
                    known.add(((ConfigOption<?>) field.get(null)).key());
                }
            }
        }
        for (String node : List.of("master", "worker")) {
            assertThat(load(node).keySet()).as(node).isSubsetOf(known);
        }
    }

    @Test
    void noKeyIsDeprecated() throws IllegalAccessException {
        Set<String> deprecated = new HashSet<>();
        for (Class<?> options : OPTION_CLASSES) {
            for (Field field : options.getFields()) {
                if (ConfigOption.class.isAssignableFrom(field.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    if (field.isAnnotationPresent(Deprecated.class)) {
                        deprecated.add(option.key());
                    }
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        if (fallback.isDeprecated()) {
                            deprecated.add(fallback.getKey());
                        }
                    }
                }
            }
        }
        for (String node : List.of("master", "worker")) {
            assertThat(load(node).keySet()).as(node).doesNotContainAnyElementsOf(deprecated);
        }
    }

    private static Configuration load(String node) {
        return GlobalConfiguration.loadConfiguration(FLINK_CONF.resolve(node).toString());
    }
}
