package io.cocoi.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cocoi.jobs.flink.EmbeddedFlink;
import io.cocoi.jobs.flink.EmbeddedFlinkOptions;
import io.cocoi.jobs.kafka.EmbeddedKafka;
import io.cocoi.operators.stream.PipelineSpec;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real KRaft broker and a MiniCluster with n + 1 one-slot TaskManagers, with helpers to run the
 * CoCoI job on them, publish images and read what the job wrote.
 */
final class JobHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> COUNTERS =
            Set.of(
                    "lateResults",
                    "tasksPastDeadline",
                    "tasksDroppedByFault",
                    "decodes",
                    "degradedDecodes");

    final EmbeddedKafka kafka;
    final EmbeddedFlink flink;
    final String bootstrapServers;

    private JobHarness(EmbeddedKafka kafka, EmbeddedFlink flink) {
        this.kafka = kafka;
        this.flink = flink;
        this.bootstrapServers = kafka.bootstrapServers();
    }

    static JobHarness start(int workers) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka();
        kafka.start();
        EmbeddedFlink flink =
                EmbeddedFlink.start(
                        EmbeddedFlinkOptions.builder()
                                .setTaskManagers(workers + 1)
                                .optCheckpointInterval(Duration.ofSeconds(2))
                                .build());
        return new JobHarness(kafka, flink);
    }

    /** Topics of their own for one test: images, results and errors. */
    record TestTopics(String images, String results, String errors) {}

    TestTopics topics(String test) {
        TestTopics topics = new TestTopics(test + ".images", test + ".results", test + ".errors");
        kafka.createTopics(List.of(topics.images(), topics.results(), topics.errors()), 1);
        return topics;
    }

    /** Starts the job on the test's topics with a fresh consumer group; cancel it when done. */
    JobClient run(PipelineSpec spec, TestTopics topics) throws Exception {
        StreamExecutionEnvironment env = flink.createEnvironment();
        new CocoiJob(
                        spec,
                        CocoiJob.kafkaSource(
                                bootstrapServers, topics.images(), "cocoi-" + UUID.randomUUID()),
                        CocoiJob.kafkaSink(bootstrapServers, topics.results()),
                        CocoiJob.kafkaSink(bootstrapServers, topics.errors()))
                .attachTo(env);
        return env.executeAsync("cocoi-test");
    }

    void publish(List<ProducerRecord<byte[], byte[]>> records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
        }
    }

    static ProducerRecord<byte[], byte[]> image(
            String topic, String requestId, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, requestId.getBytes(StandardCharsets.UTF_8), value);
        headers.forEach(
                (name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** Reads {@code topic} from the start until {@code expected} records or the timeout. */
    List<JsonNode> read(String topic, int expected, Duration timeout) throws IOException {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> values = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(JSON.readTree(record.value()));
                }
            }
        }
        return values;
    }

    /**
     * Where each subtask of the job runs: vertex name, then subtask index, to TaskManager id, from
     * the REST API.
     */
    Map<String, Map<Integer, String>> placement(JobID job) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Map<Integer, String>> placement = new HashMap<>();
        for (JsonNode vertex : get(http, "/jobs/" + job).get("vertices")) {
            Map<Integer, String> subtasks = new HashMap<>();
            JsonNode detail =
                    get(http, "/jobs/%s/vertices/%s".formatted(job, vertex.get("id").asText()));
            for (JsonNode subtask : detail.get("subtasks")) {
                subtasks.put(
                        subtask.get("subtask").asInt(), subtask.path("taskmanager-id").asText());
            }
            placement.put(vertex.get("name").asText(), subtasks);
        }
        return placement;
    }

    /** The pipeline's counters, summed over operators and subtasks, by the counter's name. */
    Map<String, Long> metrics(JobID job) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Long> totals = new HashMap<>();
        JsonNode vertices = get(http, "/jobs/" + job).get("vertices");
        for (JsonNode vertex : vertices) {
            String base = "/jobs/%s/vertices/%s/metrics".formatted(job, vertex.get("id").asText());
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(http, base)) {
                String id = metric.get("id").asText();
                if (COUNTERS.contains(id.substring(id.lastIndexOf('.') + 1))) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
            for (JsonNode metric : get(http, base + "?get=" + query)) {
                String id = metric.get("id").asText();
                String name = id.substring(id.lastIndexOf('.') + 1);
                totals.merge(name, Long.parseLong(metric.get("value").asText()), Long::sum);
            }
        }
        return totals;
    }

    private JsonNode get(HttpClient http, String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(flink.webUiUrl().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws Exception {
        flink.close();
        kafka.close();
    }
}
