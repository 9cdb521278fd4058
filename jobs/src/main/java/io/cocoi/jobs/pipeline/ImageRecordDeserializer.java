package io.cocoi.jobs.pipeline;

import io.cocoi.operators.stream.ImageRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Copies a record of the images topic as it is: key, headers and value. It never throws, since a
 * throwing deserializer fails the source on that record again after every restart; records are
 * checked downstream, where a bad one becomes an error record. Nothing read from Kafka is ever
 * deserialised as a Java object: keys and headers become strings, the value stays bytes that only
 * the image and {@code .npy} readers parse.
 */
public final class ImageRecordDeserializer
        implements KafkaRecordDeserializationSchema<ImageRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ImageRecord> out) {
        ImageRecord image = new ImageRecord();
        image.requestId =
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        image.traceKey = "%s#%d:%d".formatted(image.requestId, record.partition(), record.offset());
        image.model = header(record, Topics.MODEL_HEADER);
        image.submittedAt = header(record, Topics.SUBMITTED_AT_HEADER);
        image.logits = header(record, Topics.LOGITS_HEADER);
        image.value = record.value();
        image.receivedAtMs = System.currentTimeMillis();
        out.collect(image);
    }

    @Override
    public TypeInformation<ImageRecord> getProducedType() {
        return TypeInformation.of(ImageRecord.class);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
