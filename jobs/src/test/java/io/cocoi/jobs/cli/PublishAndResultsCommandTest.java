package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishAndResultsCommandTest {

    @TempDir Path folder;

    @Test
    void publishRejectsMissingServersFilesAndSettings() throws Exception {
        Path image = Files.write(folder.resolve("a.jpg"), new byte[] {1});
        Path empty = Files.createDirectory(folder.resolve("empty"));

        assertUsageError(
                CliRun.of("publish", image.toString()),
                "Missing required option: '--bootstrap-servers=HOST:PORT[,...]'");
        assertUsageError(
                CliRun.of("publish", "--bootstrap-servers", "b:9092"),
                "Missing required parameter: 'FILE|DIR'");
        assertUsageError(
                CliRun.of("publish", "--bootstrap-servers", "b:9092", "/no/such.jpg"),
                "image /no/such.jpg is not a file or folder");
        assertUsageError(
                CliRun.of("publish", "--bootstrap-servers", "b:9092", empty.toString()),
                "no image files in [" + empty + "]");
        assertUsageError(
                CliRun.of(
                        "publish",
                        "--bootstrap-servers",
                        "b:9092",
                        "--kafka-properties",
                        "/no/such.properties",
                        image.toString()),
                "--kafka-properties /no/such.properties cannot be read");
    }

    @Test
    void resultsRejectsMissingServersAndNonPositiveLimits() {
        assertUsageError(
                CliRun.of("results"),
                "Missing required option: '--bootstrap-servers=HOST:PORT[,...]'");
        assertUsageError(
                CliRun.of("results", "--bootstrap-servers", "b:9092", "--idle-timeout-s", "0"),
                "--idle-timeout-s 0, expected at least 1");
        assertUsageError(
                CliRun.of("results", "--bootstrap-servers", "b:9092", "--max-records", "0"),
                "--max-records 0, expected at least 1");
        assertUsageError(
                CliRun.of(
                        "results",
                        "--bootstrap-servers",
                        "b:9092",
                        "--kafka-properties",
                        "/no/such.properties"),
                "--kafka-properties /no/such.properties cannot be read");
    }

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }
}
