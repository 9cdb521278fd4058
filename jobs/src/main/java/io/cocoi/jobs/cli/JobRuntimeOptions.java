package io.cocoi.jobs.cli;

import io.cocoi.jobs.pipeline.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the job runs on a cluster, beside what it computes ({@link JobOptions}): Kafka address and
 * topics, the consumer group, the delivery guarantee and checkpointing.
 */
public final class JobRuntimeOptions {

    /** The guarantee for records written to the results and errors topics. */
    public enum Delivery {
        AT_LEAST_ONCE("at-least-once", DeliveryGuarantee.AT_LEAST_ONCE),
        EXACTLY_ONCE("exactly-once", DeliveryGuarantee.EXACTLY_ONCE);

        private final String cliName;
        private final DeliveryGuarantee guarantee;

        Delivery(String cliName, DeliveryGuarantee guarantee) {
            this.cliName = cliName;
            this.guarantee = guarantee;
        }

        public String cliName() {
            return cliName;
        }

        public DeliveryGuarantee guarantee() {
            return guarantee;
        }

        static Delivery parse(String text) {
            for (Delivery delivery : values()) {
                if (delivery.cliName.equals(text.toLowerCase(Locale.ROOT))) {
                    return delivery;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'%s' is not a delivery guarantee, expected at-least-once or exactly-once"
                            .formatted(text));
        }
    }

    /** Producer transaction timeout unless the properties file sets one: Kafka's default cap. */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--images-topic",
            defaultValue = Topics.IMAGES,
            description = "topic the job reads images from (default: ${DEFAULT-VALUE})")
    String imagesTopic;

    @Option(
            names = "--results-topic",
            defaultValue = Topics.RESULTS,
            description = "topic the job writes results to (default: ${DEFAULT-VALUE})")
    String resultsTopic;

    @Option(
            names = "--errors-topic",
            defaultValue = Topics.ERRORS,
            description = "topic the job writes rejected images to (default: ${DEFAULT-VALUE})")
    String errorsTopic;

    @Option(
            names = "--group-id",
            defaultValue = "cocoi",
            description =
                    "Kafka consumer group of the job, also the prefix of its transactional ids"
                            + " (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(
            names = "--delivery",
            defaultValue = "at-least-once",
            converter = DeliveryConverter.class,
            description =
                    "at-least-once or exactly-once (Kafka transactions committed on checkpoints;"
                            + " readers must use isolation.level=read_committed) (default:"
                            + " ${DEFAULT-VALUE})")
    Delivery delivery;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "10000",
            description =
                    "checkpoint interval, 0 for no checkpoints (at-least-once only) (default:"
                            + " ${DEFAULT-VALUE})")
    long checkpointIntervalMs;

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String imagesTopic() {
        return imagesTopic;
    }

    public String resultsTopic() {
        return resultsTopic;
    }

    public String errorsTopic() {
        return errorsTopic;
    }

    public String groupId() {
        return groupId;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The checkpoint interval, or empty when checkpointing is off. */
    public Optional<Duration> checkpointInterval() {
        return checkpointIntervalMs == 0
                ? Optional.empty()
                : Optional.of(Duration.ofMillis(checkpointIntervalMs));
    }

    /** The settings of the {@code --kafka-properties} file alone, empty without one. */
    public Properties kafkaFileSettings() {
        return kafka.fileSettings();
    }

    /** Settings for the job's Kafka consumer: the properties file and the bootstrap servers. */
    public Properties consumerSettings() {
        return kafka.clientSettings();
    }

    /**
     * Settings for the job's Kafka producers; with exactly-once, a transaction timeout that a
     * broker with default settings accepts (the sink's own default of one hour exceeds the broker's
     * {@code transaction.max.timeout.ms} of 15 minutes).
     */
    public Properties producerSettings() {
        Properties settings = kafka.clientSettings();
        if (delivery == Delivery.EXACTLY_ONCE) {
            settings.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        }
        return settings;
    }

    /**
     * Checks the combination of options.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public void validate() {
        if (checkpointIntervalMs < 0) {
            throw new IllegalArgumentException(
                    "--checkpoint-interval-ms %d, expected 0 (off) or a positive interval"
                            .formatted(checkpointIntervalMs));
        }
        if (delivery == Delivery.EXACTLY_ONCE && checkpointIntervalMs == 0) {
            throw new IllegalArgumentException(
                    "--delivery exactly-once commits Kafka transactions on checkpoints, so"
                            + " --checkpoint-interval-ms must be positive, got 0");
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("--group-id is blank, expected a consumer group");
        }
    }

    /** Parses {@code --delivery} values. */
    public static final class DeliveryConverter implements CommandLine.ITypeConverter<Delivery> {
        @Override
        public Delivery convert(String value) {
            return Delivery.parse(value);
        }
    }
}
