package io.cocoi.jobs.cli;

import io.cocoi.jobs.flink.EmbeddedFlink;
import io.cocoi.jobs.flink.EmbeddedFlinkOptions;
import io.cocoi.jobs.kafka.EmbeddedKafka;
import io.cocoi.jobs.pipeline.CocoiJob;
import io.cocoi.operators.stream.PipelineSpec;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The whole system in this process, as {@code cocoi demo} and {@code cocoi bench} run it: a KRaft
 * Kafka broker and a Flink MiniCluster with n + 1 one-slot TaskManagers on 127.0.0.1, to which jobs
 * are submitted one after another. Closing stops both.
 */
final class LocalCluster implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedFlink flink;
    private final String bootstrapServers;

    private LocalCluster(EmbeddedKafka kafka, EmbeddedFlink flink, String bootstrapServers) {
        this.kafka = kafka;
        this.flink = flink;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker and a cluster with a TaskManager for the master and one per worker. */
    static LocalCluster start(int workers, int webUiPort, Configuration settings) throws Exception {
        return start(workers, webUiPort, settings, true);
    }

    /** As {@link #start(int, int, Configuration)}, with or without checkpoints. */
    static LocalCluster start(
            int workers, int webUiPort, Configuration settings, boolean checkpointing)
            throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka();
        try {
            String bootstrapServers = kafka.start();
            EmbeddedFlinkOptions.Builder options =
                    EmbeddedFlinkOptions.builder()
                            .setTaskManagers(workers + 1)
                            .optWebUiPort(webUiPort)
                            .optSettings(settings);
            if (!checkpointing) {
                options.optCheckpointingOff();
            }
            EmbeddedFlink flink = EmbeddedFlink.start(options.build());
            return new LocalCluster(kafka, flink, bootstrapServers);
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    URI webUiUrl() {
        return flink.webUiUrl();
    }

    /** Client settings that reach the broker. */
    Properties kafkaClient() {
        Properties kafkaClient = new Properties();
        kafkaClient.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return kafkaClient;
    }

    /**
     * Creates the three topics if needed and starts the CoCoI job on them: images read from the
     * start of {@code imagesTopic}, results and errors written to the other two.
     */
    JobClient submit(
            PipelineSpec pipeline,
            String imagesTopic,
            String resultsTopic,
            String errorsTopic,
            String jobName)
            throws Exception {
        kafka.createTopics(List.of(imagesTopic, resultsTopic, errorsTopic), 1);
        StreamExecutionEnvironment env = flink.createEnvironment();
        new CocoiJob(
                        pipeline,
                        CocoiJob.kafkaSource(bootstrapServers, imagesTopic, jobName),
                        CocoiJob.kafkaSink(bootstrapServers, resultsTopic),
                        CocoiJob.kafkaSink(bootstrapServers, errorsTopic))
                .attachTo(env);
        return env.executeAsync(jobName);
    }

    /** Watches {@code client}'s job on this cluster for failures. */
    JobWatch watch(JobClient client) {
        return new JobWatch(client, flink);
    }

    @Override
    public void close() throws Exception {
        try {
            flink.close();
        } finally {
            kafka.close();
        }
    }
}
