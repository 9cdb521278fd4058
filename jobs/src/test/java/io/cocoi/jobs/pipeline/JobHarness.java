package io.cocoi.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cocoi.jobs.flink.EmbeddedFlink;
import io.cocoi.jobs.flink.EmbeddedFlinkOptions;
import io.cocoi.jobs.kafka.EmbeddedKafka;
import io.cocoi.operators.stream.PipelineSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
        kafka.createTopics(Topics.ALL, 1);
        EmbeddedFlink flink =
                EmbeddedFlink.start(
                        EmbeddedFlinkOptions.builder()
                                .setTaskManagers(workers + 1)
                                .optCheckpointInterval(Duration.ofSeconds(2))
                                .build());
        return new JobHarness(kafka, flink);
    }

    /** Starts the job on the images topic with a fresh consumer group; cancel it when done. */
    JobClient run(PipelineSpec spec) throws Exception {
        StreamExecutionEnvironment env = flink.createEnvironment();
        new CocoiJob(
                        spec,
                        CocoiJob.kafkaSource(bootstrapServers, "cocoi-test-" + UUID.randomUUID()),
                        CocoiJob.kafkaSink(bootstrapServers, Topics.RESULTS),
                        CocoiJob.kafkaSink(bootstrapServers, Topics.ERRORS))
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
            String requestId, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(
                        Topics.IMAGES, requestId.getBytes(StandardCharsets.UTF_8), value);
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

    @Override
    public void close() throws Exception {
        flink.close();
        kafka.close();
    }
}
