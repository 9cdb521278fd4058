package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cocoi.jobs.flink.EmbeddedFlink;
import io.cocoi.jobs.flink.EmbeddedFlinkOptions;
import io.cocoi.jobs.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;

/**
 * {@code cocoi submit}, {@code publish} and {@code results} against a real cluster: the thin job
 * jar uploaded through the REST API of a MiniCluster with n + 1 TaskManagers, a KRaft broker, two
 * sample images through the reduced VGG16.
 */
class SubmitIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int WORKERS = 2;

    private static final Path JOB_JAR =
            Path.of(System.getProperty("cocoi.job.jar", "target/cocoi-job.jar"));

    private static final List<Path> IMAGES =
            List.of(Path.of("../samples/house.jpg"), Path.of("../samples/red-ball.jpg"));

    /** Flink's default {@code rest.server.max-content-length}, which bounds a jar upload. */
    private static final long FLINK_UPLOAD_LIMIT_BYTES = 104_857_600;

    private static final Pattern JOB_ID = Pattern.compile("Submitted job ([0-9a-f]{32})");

    @Test
    void submittedJarClassifiesPublishedImagesWithCheckpointsOnRocksDb() throws Exception {
        assertThat(JOB_JAR).isRegularFile();
        IMAGES.forEach(image -> assertThat(image).isRegularFile());

        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            String bootstrapServers = kafka.start();
            kafka.createTopics(List.of("it.images", "it.results", "it.errors"), 1);
            // The cluster names no state backend and does not checkpoint: the job sets both.
            try (EmbeddedFlink flink = startCluster(WORKERS + 1)) {
                URI rest = flink.webUiUrl();
                String jobManager = rest.getHost() + ":" + rest.getPort();

                CliRun submitted =
                        CliRun.of(
                                "submit",
                                "--jobmanager",
                                jobManager,
                                "--jar",
                                JOB_JAR.toString(),
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--images-topic",
                                "it.images",
                                "--results-topic",
                                "it.results",
                                "--errors-topic",
                                "it.errors",
                                "--group-id",
                                "it",
                                "--checkpoint-interval-ms",
                                "3000",
                                "--workers",
                                Integer.toString(WORKERS),
                                "--k",
                                "2",
                                "--width-divisor",
                                "8",
                                "--image-size",
                                "64");

                assertThat(submitted.exitCode()).as(submitted.err()).isZero();
                Matcher jobId = JOB_ID.matcher(submitted.out());
                assertThat(jobId.find()).as(submitted.out()).isTrue();
                assertThat(submitted.out())
                        .contains("Web UI: " + rest.resolve("/#/job/running/" + jobId.group(1)));
                JsonNode checkpoints = get(rest, "/jobs/" + jobId.group(1) + "/checkpoints/config");
                assertThat(checkpoints.path("interval").asLong()).isEqualTo(3000);
                assertThat(checkpoints.path("state_backend").asText()).contains("RocksDB");

                CliRun published =
                        CliRun.of(
                                "publish",
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--topic",
                                "it.images",
                                IMAGES.get(0).toString(),
                                IMAGES.get(1).toString());
                assertThat(published.exitCode()).as(published.err()).isZero();
                assertThat(published.out()).contains("Published 2 images to it.images");

                CliRun results =
                        CliRun.of(
                                "results",
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--topic",
                                "it.results",
                                "--from-beginning",
                                "--json",
                                "--max-records",
                                "2",
                                "--idle-timeout-s",
                                "45");
                assertThat(results.exitCode()).as(results.err()).isZero();
                List<JsonNode> records = new ArrayList<>();
                for (String line : results.out().lines().toList()) {
                    records.add(JSON.readTree(line));
                }
                assertThat(records)
                        .extracting(record -> record.path("request_id").asText())
                        .containsExactlyInAnyOrder("house.jpg", "red-ball.jpg");
                assertThat(records).allSatisfy(record -> assertThat(record.get("top5")).hasSize(5));

                flink.miniCluster().cancelJob(JobID.fromHexString(jobId.group(1))).get();
            }
        }
    }

    @Test
    void clusterRejectionOfTheJobArgumentsIsReportedWithItsErrorText() throws Exception {
        Path missing = Files.createTempDirectory("cocoi-it").resolve("absent.properties");

        try (EmbeddedFlink flink = startCluster(1)) {
            URI rest = flink.webUiUrl();
            CliRun submitted =
                    CliRun.of(
                            "submit",
                            "--jobmanager",
                            rest.getHost() + ":" + rest.getPort(),
                            "--jar",
                            JOB_JAR.toString(),
                            "--bootstrap-servers",
                            "127.0.0.1:9",
                            "--profile",
                            missing.toString());

            assertThat(submitted.exitCode()).isEqualTo(1);
            assertThat(submitted.out()).isEmpty();
            assertThat(submitted.err())
                    .contains("cocoi submit: run of io.cocoi.jobs.CocoiJobMain")
                    .contains(
                            "--profile '" + missing + "' is neither 'pi4b' nor a readable profile");
            assertThat(get(rest, "/jars").path("files")).isEmpty();
        }
    }

    @Test
    void jobJarHoldsTheConnectorAndClientsButNeitherFlinkNorDjl() throws Exception {
        List<String> entries;
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.cocoi.jobs.CocoiJobMain");
        }

        assertThat(entries)
                .contains(
                        "io/cocoi/jobs/CocoiJobMain.class",
                        "io/cocoi/operators/model/Models.class",
                        "io/cocoi/codec/coding/ErasureCode.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/flink/connector/base/DeliveryGuarantee.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                        "com/fasterxml/jackson/databind/ObjectMapper.class",
                        "picocli/CommandLine.class",
                        "org/ejml/data/DMatrixRMaj.class");
        assertThat(entries)
                .noneMatch(entry -> entry.startsWith("ai/djl/"))
                .noneMatch(entry -> entry.startsWith("org/apache/flink/streaming/api/"))
                .noneMatch(entry -> entry.startsWith("org/apache/flink/runtime/"))
                .noneMatch(entry -> entry.startsWith("kafka/server/"))
                .noneMatch(entry -> entry.startsWith("scala/"));
        assertThat(Files.size(JOB_JAR)).isLessThan(FLINK_UPLOAD_LIMIT_BYTES);
    }

    /**
     * A MiniCluster whose JVM, unlike a Flink distribution, has the Kafka connector and clients on
     * its own classpath: the connector loads parent-first (it is under org.apache.flink), so the
     * clients must too, or the jar's copy meets the connector's in one method signature.
     */
    private static EmbeddedFlink startCluster(int taskManagers) throws Exception {
        Configuration settings = new Configuration();
        settings.set(
                CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                List.of("org.apache.kafka."));
        return EmbeddedFlink.start(
                EmbeddedFlinkOptions.builder()
                        .setTaskManagers(taskManagers)
                        .optCheckpointingOff()
                        .optSettings(settings)
                        .build());
    }

    private static JsonNode get(URI rest, String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(rest.resolve(path)).build(),
                                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
