package io.cocoi.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the JSON records the job wrote to the results and errors topics, as a consumer reading
 * committed data, and hands each to a callback with its topic.
 */
public final class OutputReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** Reads {@code topics} from the start ({@code fromStart}) or from now on. */
    public OutputReader(Properties kafkaProperties, List<String> topics, boolean fromStart) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "cocoi-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromStart ? "earliest" : "latest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
    }

    /** Polls once for up to {@code timeout}; returns how many records it handed over. */
    public int poll(Duration timeout, BiConsumer<String, JsonNode> handler) throws IOException {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            JsonNode value;
            try {
                value = JSON.readTree(record.value());
            } catch (IOException notJson) {
                value = JSON.createObjectNode().put("unreadable", new String(record.value()));
            }
            handler.accept(record.topic(), value);
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
