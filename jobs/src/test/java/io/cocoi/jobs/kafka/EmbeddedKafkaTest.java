package io.cocoi.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static final Duration POLL_LIMIT = Duration.ofSeconds(20);

    @Test
    void keepsRecordsAndAddressAcrossARestart() throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            String bootstrapServers = kafka.start();
            kafka.createTopics(List.of("restart.check"), 1);
            produce(bootstrapServers, "restart.check", "before restart");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            String restartedAt = kafka.start();
            produce(restartedAt, "restart.check", "after restart");

            assertThat(restartedAt).isEqualTo(bootstrapServers).startsWith("127.0.0.1:");
            assertThat(consumeValues(restartedAt, "restart.check", 2))
                    .containsExactly("before restart", "after restart");
        }
    }

    @Test
    void removesItsLogDirectoryOnClose() {
        Path logDirectory;
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            kafka.start();
            logDirectory = kafka.logDirectory();
            assertThat(logDirectory.resolve("meta.properties")).exists();
        }

        assertThat(Files.exists(logDirectory)).isFalse();
    }

    @Test
    void rejectsAnExistingTopicWithAnotherPartitionCount() {
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            kafka.start();
            kafka.createTopics(List.of("two.partitions"), 2);
            kafka.createTopics(List.of("two.partitions"), 2);

            assertThatThrownBy(() -> kafka.createTopics(List.of("two.partitions"), 3))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "topic two.partitions already exists with 2 partitions, expected 3");
        }
    }

    @Test
    void refusesToOverrideItsListeners() {
        assertThatThrownBy(() -> new EmbeddedKafka(Map.of("listeners", "PLAINTEXT://0.0.0.0:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "broker setting 'listeners' is set by EmbeddedKafka itself");
    }

    private static void produce(String bootstrapServers, String topic, String value)
            throws Exception {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static List<String> consumeValues(String bootstrapServers, String topic, int count) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadlineNanos = System.nanoTime() + POLL_LIMIT.toNanos();
            while (values.size() < count && System.nanoTime() < deadlineNanos) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
