package io.cocoi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class CocoiJobMainTest {

    @Test
    void badArgumentsFailWithPicocliMessageAndUsage() {
        assertThatThrownBy(() -> CocoiJobMain.parse(new String[] {"--k", "2"}, quiet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "cocoi-job: Missing required option: '--bootstrap-servers=HOST:PORT[,...]'")
                .hasMessageContaining("Usage: cocoi-job");
        assertThatThrownBy(
                        () ->
                                CocoiJobMain.parse(
                                        new String[] {
                                            "--bootstrap-servers", "b:9092", "--delivery", "twice"
                                        },
                                        quiet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'twice' is not a delivery guarantee");
    }

    @Test
    void helpPrintsUsageAndRunsNothing() {
        StringWriter out = new StringWriter();

        Optional<CocoiJobMain> main =
                CocoiJobMain.parse(new String[] {"--help"}, new PrintWriter(out));

        assertThat(main).isEmpty();
        assertThat(out.toString()).startsWith("Usage: cocoi-job").contains("--delivery");
    }

    @Test
    void choosesRocksDbUnlessTheClusterNamesABackend() {
        CocoiJobMain main = parse("--bootstrap-servers", "b:9092");
        Configuration cluster = new Configuration();

        Configuration defaults = main.jobSettings(cluster);
        cluster.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        Configuration clusterChoice = main.jobSettings(cluster);

        assertThat(defaults.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(defaults.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(clusterChoice.getOptional(StateBackendOptions.STATE_BACKEND)).isEmpty();
    }

    @Test
    void checkpointIntervalZeroLeavesCheckpointingOff() {
        CocoiJobMain main = parse("--bootstrap-servers", "b:9092", "--checkpoint-interval-ms", "0");

        Configuration settings = main.jobSettings(new Configuration());

        assertThat(settings.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEmpty();
    }

    private static CocoiJobMain parse(String... args) {
        return CocoiJobMain.parse(args, quiet()).orElseThrow();
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
