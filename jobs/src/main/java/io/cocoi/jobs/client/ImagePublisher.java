package io.cocoi.jobs.client;

import io.cocoi.jobs.pipeline.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes image files to the images topic: the key is the request id (the file name unless
 * given), with the {@code model} and {@code submitted-at} headers and, on request, {@code logits}.
 */
public final class ImagePublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public ImagePublisher(Properties kafkaProperties, String topic) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        this.producer =
                new KafkaProducer<>(
                        properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /**
     * Publishes every regular file of {@code paths} (a folder stands for its files, sorted) and
     * waits until the broker has acknowledged each.
     *
     * @throws IOException if a file cannot be read or the broker did not take a record
     */
    public List<String> publish(List<Path> paths, String model, boolean logits) throws IOException {
        List<String> requestIds = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Path file : files(paths)) {
            String requestId = file.getFileName().toString();
            sends.add(publish(requestId, Files.readAllBytes(file), model, logits));
            requestIds.add(requestId);
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                throw new IOException(
                        "image %s was not published to %s: %s"
                                .formatted(requestIds.get(i), topic, e.getCause()),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while publishing to " + topic, e);
            }
        }
        return requestIds;
    }

    /** Sends one image; the future completes when the broker has it. */
    public Future<RecordMetadata> publish(
            String requestId, byte[] image, String model, boolean logits) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, requestId.getBytes(StandardCharsets.UTF_8), image);
        header(record, Topics.SUBMITTED_AT_HEADER, Long.toString(System.currentTimeMillis()));
        if (model != null) {
            header(record, Topics.MODEL_HEADER, model);
        }
        if (logits) {
            header(record, Topics.LOGITS_HEADER, "true");
        }
        return producer.send(record);
    }

    /** The regular files of {@code paths}, folders expanded to their files in name order. */
    public static List<Path> files(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (var listing = Files.list(path)) {
                    listing.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().startsWith("."))
                            .filter(file -> !file.getFileName().toString().endsWith(".md"))
                            .sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IOException("image %s is not a file or folder".formatted(path));
            }
        }
        return files;
    }

    @Override
    public void close() {
        producer.close();
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
