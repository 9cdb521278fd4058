package io.cocoi.jobs.smoke;

import static io.cocoi.jobs.smoke.Topics.littleEndian;
import static io.cocoi.jobs.smoke.Topics.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cocoi.jobs.flink.EmbeddedFlink;
import io.cocoi.jobs.flink.EmbeddedFlinkOptions;
import io.cocoi.jobs.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime stack end to end on an in-process KRaft broker and a MiniCluster with n + 1 one-slot
 * TaskManagers; a pattern for the job's own MiniCluster tests.
 */
class KafkaFlinkSmokeTest {

    private static final int WORKERS = 2;
    private static final int RECORDS = 6;
    private static final int VALUES_PER_RECORD = 11;
    private static final long SEED = 20_260_101L;
    private static final double SUM_TOLERANCE = 1e-9;
    private static final int STRICT_RESTARTS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafka kafka;
    private static EmbeddedFlink flink;
    private static String bootstrapServers;

    @BeforeAll
    static void startKafkaAndFlink() throws Exception {
        kafka = new EmbeddedKafka();
        bootstrapServers = kafka.start();
        flink =
                EmbeddedFlink.start(
                        EmbeddedFlinkOptions.builder()
                                .setTaskManagers(WORKERS + 1)
                                .optCheckpointInterval(Duration.ofMillis(300))
                                .build());
    }

    @AfterAll
    static void stopKafkaAndFlink() throws Exception {
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void runsTaskIOnWorkerIAndTheMasterOnItsOwnTaskManager() throws Exception {
        kafka.createTopics(List.of("smoke.inputs", "smoke.results", "smoke.errors"), 1);
        Map<String, float[]> sent = sendSamplesAndOneBadRecord("smoke.inputs");

        StreamExecutionEnvironment env = flink.createEnvironment();
        env.setParallelism(1);
        new SmokeJob(
                        SmokeJob.boundedKafkaSource(bootstrapServers, "smoke.inputs"),
                        SmokeJob.kafkaSink(bootstrapServers, "smoke.results"),
                        SmokeJob.kafkaSink(bootstrapServers, "smoke.errors"),
                        WORKERS)
                .attachTo(env);
        JobExecutionResult execution = env.execute("smoke");

        List<JsonNode> results = readJson("smoke.results");
        assertThat(results)
                .extracting(line -> line.get("requestId").asText())
                .containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (JsonNode line : results) {
            String requestId = line.get("requestId").asText();
            JsonNode tasks = line.get("tasks");
            assertThat(tasks).hasSize(WORKERS);

            Set<String> taskManagers = new HashSet<>();
            taskManagers.add(line.get("masterTaskManager").asText());
            for (int taskIndex = 0; taskIndex < WORKERS; taskIndex++) {
                JsonNode task = tasks.get(taskIndex);
                assertThat(task.get("task").asInt()).isEqualTo(taskIndex);
                assertThat(task.get("subtask").asInt()).as(requestId).isEqualTo(taskIndex);
                taskManagers.add(task.get("taskManager").asText());
            }
            assertThat(taskManagers).as(requestId).hasSize(WORKERS + 1);

            assertThat(line.get("sumOfSquares").asDouble())
                    .isCloseTo(sumOfSquares(sent.get(requestId)), within(SUM_TOLERANCE));
            assertThat(line.get("model").asText())
                    .isEqualTo(requestId.equals("request-0") ? "unknown" : "vgg16");
        }

        List<JsonNode> errors = readJson("smoke.errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("requestId").asText()).isEqualTo("not-floats");
        assertThat(errors.get(0).get("reason").asText())
                .isEqualTo(
                        "value has 7 bytes, expected a multiple of 4 holding at least 2 float32"
                                + " values (one per worker)");

        ArchivedExecutionGraph graph =
                flink.miniCluster().getArchivedExecutionGraph(execution.getJobID()).get();
        assertThat(graph.getStateBackendName()).hasValue("EmbeddedRocksDBStateBackend");
        assertThat(graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints())
                .isPositive();
    }

    @Test
    void aThrowingDeserializerFailsTheJobOnTheSameRecordAfterEveryRestart() throws Exception {
        kafka.createTopics(List.of("strict.inputs"), 1);
        Topics.send(
                bootstrapServers,
                List.of(new ProducerRecord<>("strict.inputs", "not-floats", new byte[7])));
        StrictDeserializer.calls.set(0);

        StreamExecutionEnvironment env = flink.createEnvironment();
        Configuration fewRestarts = new Configuration();
        fewRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        fewRestarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, STRICT_RESTARTS);
        fewRestarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        env.configure(fewRestarts);
        env.fromSource(
                        KafkaSource.<Sample>builder()
                                .setBootstrapServers(bootstrapServers)
                                .setTopics("strict.inputs")
                                .setGroupId("cocoi-strict")
                                .setStartingOffsets(OffsetsInitializer.earliest())
                                .setBounded(OffsetsInitializer.latest())
                                .setDeserializer(new StrictDeserializer())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "strict inputs")
                .sinkTo(new DiscardingSink<>());

        assertThatThrownBy(() -> env.execute("strict"))
                .hasStackTraceContaining("Failed to deserialize consumer record")
                .hasStackTraceContaining("value of not-floats has 7 bytes");
        assertThat(StrictDeserializer.calls).hasValue(1 + STRICT_RESTARTS);
    }

    @Test
    void dataTypesArePojos() {
        for (Class<?> type :
                List.of(
                        InputRecord.class,
                        Sample.class,
                        SliceTask.class,
                        SliceResult.class,
                        OutputLine.class)) {
            assertThat(TypeInformation.of(type))
                    .as(type.getSimpleName())
                    .isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void refusesATypeThatWouldNeedKryo() {
        StreamExecutionEnvironment env = flink.createEnvironment();

        assertThatThrownBy(
                        () -> {
                            env.fromData(new NotAPojo(1)).sinkTo(new DiscardingSink<>());
                            env.execute("kryo");
                        })
                .hasStackTraceContaining("Generic types have been disabled");
    }

    @Test
    void servesTheWebUiOnLoopback() throws Exception {
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> overview =
                client.send(
                        HttpRequest.newBuilder(flink.webUiUrl().resolve("/overview")).build(),
                        HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> dashboard =
                client.send(
                        HttpRequest.newBuilder(flink.webUiUrl().resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(flink.webUiUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(JSON.readTree(overview.body()).get("taskmanagers").asInt())
                .isEqualTo(WORKERS + 1);
        assertThat(dashboard.body()).contains("<title>Apache Flink Web Dashboard</title>");
    }

    /** Sends seeded samples (the first without headers) and one value that is not floats. */
    private static Map<String, float[]> sendSamplesAndOneBadRecord(String topic) throws Exception {
        Random random = new Random(SEED);
        Map<String, float[]> sent = new LinkedHashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String requestId = "request-" + i;
            float[] values = new float[VALUES_PER_RECORD];
            for (int v = 0; v < values.length; v++) {
                values[v] = random.nextFloat() * 2 - 1;
            }
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, requestId, littleEndian(values));
            if (i > 0) {
                record.headers().add("model", utf8("vgg16"));
                record.headers().add("submitted-at", utf8(Long.toString(1_700_000_000_000L + i)));
            }
            records.add(record);
            sent.put(requestId, values);
        }
        records.add(new ProducerRecord<>(topic, "not-floats", new byte[7]));
        Topics.send(bootstrapServers, records);
        return sent;
    }

    private static List<JsonNode> readJson(String topic) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String value : Topics.readAll(bootstrapServers, topic)) {
            lines.add(JSON.readTree(value));
        }
        return lines;
    }

    private static double sumOfSquares(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += (double) value * value;
        }
        return sum;
    }

    /** Throws on a value that is not float32 values, as a naive image deserializer would. */
    static final class StrictDeserializer implements KafkaRecordDeserializationSchema<Sample> {

        /** Calls across restarts; the MiniCluster runs in this JVM, so a static counts them all. */
        static final AtomicInteger calls = new AtomicInteger();

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Sample> out)
                throws IOException {
            calls.incrementAndGet();
            String requestId = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value().length % Float.BYTES != 0) {
                throw new IOException(
                        "value of " + requestId + " has " + record.value().length + " bytes");
            }
            out.collect(new Sample(requestId, "unknown", new float[0]));
        }

        @Override
        public TypeInformation<Sample> getProducedType() {
            return TypeInformation.of(Sample.class);
        }
    }

    /** No public no-arg constructor: Flink can only serialize it with Kryo. */
    static final class NotAPojo {
        private final int value;

        NotAPojo(int value) {
            this.value = value;
        }

        int value() {
            return value;
        }
    }
}
