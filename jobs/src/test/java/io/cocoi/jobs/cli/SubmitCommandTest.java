package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.jobs.CocoiJobMain;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SubmitCommandTest {

    @TempDir Path folder;

    @Test
    void rejectsMissingOrMalformedOptionsBeforeContactingTheCluster() throws Exception {
        Path jar = Files.write(folder.resolve("job.jar"), new byte[] {1});

        assertUsageError(
                CliRun.of("submit", "--bootstrap-servers", "b:9092"),
                "Missing required option: '--jobmanager=HOST:PORT'");
        assertUsageError(
                CliRun.of("submit", "--jobmanager", "localhost:8081", "--jar", jar.toString()),
                "Missing required option: '--bootstrap-servers=HOST:PORT[,...]'");
        assertUsageError(
                CliRun.of("submit", "--jobmanager", "localhost", "--bootstrap-servers", "b:9092"),
                "--jobmanager 'localhost', expected HOST:PORT of the Flink REST API");
        assertUsageError(
                CliRun.of(
                        "submit",
                        "--jobmanager",
                        "localhost:8081",
                        "--jar",
                        "/no/such.jar",
                        "--bootstrap-servers",
                        "b:9092"),
                "job jar /no/such.jar is not a file");
        assertUsageError(
                CliRun.of(
                        "submit",
                        "--jobmanager",
                        "localhost:8081",
                        "--jar",
                        jar.toString(),
                        "--bootstrap-servers",
                        "b:9092",
                        "--delivery",
                        "sometimes"),
                "'sometimes' is not a delivery guarantee, expected at-least-once or exactly-once");
        assertUsageError(
                CliRun.of(
                        "submit",
                        "--jobmanager",
                        "localhost:8081",
                        "--jar",
                        jar.toString(),
                        "--bootstrap-servers",
                        "b:9092",
                        "--delivery",
                        "exactly-once",
                        "--checkpoint-interval-ms",
                        "0"),
                "--delivery exactly-once commits Kafka transactions on checkpoints");
        assertUsageError(
                CliRun.of(
                        "submit",
                        "--jobmanager",
                        "localhost:8081",
                        "--bootstrap-servers",
                        "b:9092",
                        "--workers",
                        "four"),
                "Invalid value for option '--workers'");
    }

    @Test
    void unreachableClusterExitsWithTheConnectionError() throws Exception {
        Path jar = Files.write(folder.resolve("job.jar"), new byte[] {1});
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run =
                CliRun.of(
                        "submit",
                        "--jobmanager",
                        "127.0.0.1:" + closedPort,
                        "--jar",
                        jar.toString(),
                        "--bootstrap-servers",
                        "b:9092");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("cocoi submit: upload of " + jar)
                .contains("cannot reach the Flink REST API at http://127.0.0.1:" + closedPort);
    }

    @Test
    void passesOnTheJobOptionsAsGivenButNotItsOwn() {
        CommandLine.ParseResult parsed =
                CocoiCommand.commandLine()
                        .parseArgs(
                                "submit",
                                "--jobmanager",
                                "flink:8081",
                                "--jar=/x/cocoi-job.jar",
                                "--bootstrap-servers",
                                "kafka:9092",
                                "--model",
                                "resnet18",
                                "--workers=3",
                                "--fail-worker",
                                "1",
                                "--fail-worker",
                                "2",
                                "--slow-worker",
                                "0=2.5",
                                "--delivery",
                                "exactly-once",
                                "--timeout-s",
                                "30")
                        .subcommand();

        List<String> forwarded = SubmitCommand.programArguments(parsed);

        assertThat(forwarded)
                .containsExactly(
                        "--bootstrap-servers",
                        "kafka:9092",
                        "--model",
                        "resnet18",
                        "--workers",
                        "3",
                        "--fail-worker",
                        "1",
                        "--fail-worker",
                        "2",
                        "--slow-worker",
                        "0=2.5",
                        "--delivery",
                        "exactly-once");
        assertThat(
                        new CommandLine(new CocoiJobMain())
                                .parseArgs(forwarded.toArray(String[]::new))
                                .matchedOptions())
                .hasSize(7);
    }

    @Test
    void kafkaPropertiesFileIsReadHereAndPassedOnAsSettings() throws Exception {
        Path file =
                Files.writeString(
                        folder.resolve("client.properties"),
                        "security.protocol=SASL_SSL\nsasl.jaas.config=secret-jaas\n");
        SubmitCommand submit = new SubmitCommand();
        CommandLine commandLine = new CommandLine(submit);
        commandLine.parseArgs(
                "--jobmanager",
                "flink:8081",
                "--bootstrap-servers",
                "kafka:9093",
                "--kafka-properties",
                file.toString(),
                "--kafka-setting",
                "security.protocol=SSL");

        List<String> forwarded =
                new ArrayList<>(
                        KafkaClientOptions.settingArguments(submit.runtime.kafkaFileSettings()));
        forwarded.addAll(SubmitCommand.programArguments(commandLine.getParseResult()));
        CommandLine job = new CommandLine(new CocoiJobMain());
        job.parseArgs(forwarded.toArray(String[]::new));
        JobRuntimeOptions runtime =
                (JobRuntimeOptions) job.getCommandSpec().mixins().get("runtime").userObject();

        assertThat(forwarded).doesNotContain("--kafka-properties", file.toString());
        assertThat(runtime.consumerSettings())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("sasl.jaas.config", "secret-jaas")
                .containsEntry("bootstrap.servers", "kafka:9093");
    }

    @Test
    void describedSettingsHideEveryValueThatMayBeASecret() {
        Properties settings = new Properties();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.jaas.config", "secret-jaas");
        settings.put("ssl.truststore.password", "secret-store");

        assertThat(KafkaClientOptions.describe(settings))
                .isEqualTo(
                        "sasl.jaas.config=(hidden), security.protocol=SASL_SSL,"
                                + " ssl.truststore.password=(hidden)");
    }

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }
}
