package io.cocoi.jobs.pipeline;

import io.cocoi.operators.stream.ImageRecord;
import io.cocoi.operators.stream.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The CoCoI job: images from a source, the coded pipeline, results and errors to their sinks. It
 * takes its source and sinks so tests and the demo can choose them; {@link #kafkaSource} and {@link
 * #kafkaSink} give the production ones.
 */
public final class CocoiJob {

    private final PipelineSpec spec;
    private final Source<ImageRecord, ?, ?> source;
    private final Sink<KeyedJson> resultSink;
    private final Sink<KeyedJson> errorSink;

    public CocoiJob(
            PipelineSpec spec,
            Source<ImageRecord, ?, ?> source,
            Sink<KeyedJson> resultSink,
            Sink<KeyedJson> errorSink) {
        this.spec = spec;
        this.source = source;
        this.resultSink = resultSink;
        this.errorSink = errorSink;
    }

    /** Reads {@code topic} from the committed offsets of {@code groupId}, else from the start. */
    public static KafkaSource<ImageRecord> kafkaSource(
            String bootstrapServers, String topic, String groupId) {
        return kafkaSource(bootstrapServers, topic, groupId, new Properties());
    }

    /**
     * Reads {@code topic} from the committed offsets of {@code groupId}, else from the start, with
     * further consumer settings (security, for example). With checkpointing on, the offsets are
     * part of every checkpoint, so a restarted job resumes where the last checkpoint left off.
     */
    public static KafkaSource<ImageRecord> kafkaSource(
            String bootstrapServers, String topic, String groupId, Properties consumerSettings) {
        return KafkaSource.<ImageRecord>builder()
                .setProperties(consumerSettings)
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(
                                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ImageRecordDeserializer())
                .build();
    }

    /** Writes JSON values keyed by request id to {@code topic}, at least once. */
    public static KafkaSink<KeyedJson> kafkaSink(String bootstrapServers, String topic) {
        Properties producerSettings = new Properties();
        producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return kafkaSink(topic, producerSettings, DeliveryGuarantee.AT_LEAST_ONCE, null);
    }

    /**
     * Writes JSON values keyed by request id to {@code topic} with the given producer settings
     * (which include {@code bootstrap.servers}). {@link DeliveryGuarantee#EXACTLY_ONCE} needs
     * checkpointing and a {@code transactionalIdPrefix} unique to this sink on the Kafka cluster.
     */
    public static KafkaSink<KeyedJson> kafkaSink(
            String topic,
            Properties producerSettings,
            DeliveryGuarantee delivery,
            String transactionalIdPrefix) {
        KafkaSinkBuilder<KeyedJson> sink =
                KafkaSink.<KeyedJson>builder()
                        .setKafkaProducerConfig(producerSettings)
                        .setBootstrapServers(
                                producerSettings.getProperty(
                                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
                        .setRecordSerializer(
                                (KafkaRecordSerializationSchema<KeyedJson>)
                                        (record, context, timestamp) ->
                                                new ProducerRecord<>(
                                                        topic,
                                                        record.key == null
                                                                ? null
                                                                : record.key.getBytes(
                                                                        StandardCharsets.UTF_8),
                                                        record.json.getBytes(
                                                                StandardCharsets.UTF_8)))
                        .setDeliveryGuarantee(delivery);
        if (transactionalIdPrefix != null) {
            sink.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return sink.build();
    }

    public void attachTo(StreamExecutionEnvironment env) {
        DataStream<ImageRecord> images =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "images")
                        .setParallelism(1)
                        .slotSharingGroup(CocoiPipeline.MASTER_GROUP);
        CocoiPipeline.Streams streams = new CocoiPipeline(spec).attach(images);

        ResultJson json = new ResultJson(spec);
        streams.results()
                .map(
                        state ->
                                new KeyedJson(
                                        state.requestId,
                                        json.result(state, System.currentTimeMillis())))
                .name("result json")
                .setParallelism(1)
                .slotSharingGroup(CocoiPipeline.MASTER_GROUP)
                .sinkTo(resultSink)
                .name("results")
                .setParallelism(1)
                .slotSharingGroup(CocoiPipeline.MASTER_GROUP);
        streams.errors()
                .map(error -> new KeyedJson(error.requestId, ResultJson.error(error)))
                .name("error json")
                .setParallelism(1)
                .slotSharingGroup(CocoiPipeline.MASTER_GROUP)
                .sinkTo(errorSink)
                .name("errors")
                .setParallelism(1)
                .slotSharingGroup(CocoiPipeline.MASTER_GROUP);
    }
}
