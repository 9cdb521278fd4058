package io.cocoi.jobs;

import io.cocoi.jobs.cli.JobOptions;
import io.cocoi.jobs.cli.JobRuntimeOptions;
import io.cocoi.jobs.cli.JobRuntimeOptions.Delivery;
import io.cocoi.jobs.cli.KafkaClientOptions;
import io.cocoi.jobs.pipeline.CocoiJob;
import io.cocoi.operators.stream.PipelineSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The entry class a Flink cluster runs for the CoCoI job ({@code cocoi submit}, {@code flink run}):
 * it reads the job and runtime options from the program arguments, wires Kafka source and sinks to
 * the coded pipeline and submits it.
 *
 * <p>Settings the job sets itself: checkpoints every {@code --checkpoint-interval-ms} (10 s by
 * default), the RocksDB state backend unless the cluster configuration names one in {@code
 * state.backend.type}, no Kryo ({@code pipeline.generic-types: false}) and a buffer timeout of 0.
 * Where checkpoints are stored ({@code execution.checkpointing.dir}) is the cluster's choice.
 *
 * <p>With {@code --delivery exactly-once} results and errors are written in Kafka transactions that
 * commit when a checkpoint completes: whoever reads the results and errors topics must set {@code
 * isolation.level=read_committed}, or it sees records of aborted transactions as well.
 */
@Command(
        name = "cocoi-job",
        mixinStandardHelpOptions = true,
        description = "The CoCoI coded inference job, as run by a Flink cluster.")
public final class CocoiJobMain {

    private static final Logger LOG = LoggerFactory.getLogger(CocoiJobMain.class);

    /** The state backend unless the cluster configuration sets {@code state.backend.type}. */
    static final String DEFAULT_STATE_BACKEND = "rocksdb";

    @Mixin JobOptions job;

    @Mixin JobRuntimeOptions runtime;

    // No System.exit here: on a cluster this method runs inside the JobManager, which would exit.
    public static void main(String[] args) throws Exception {
        Optional<CocoiJobMain> main = parse(args, new PrintWriter(System.out, true));
        if (main.isPresent()) {
            main.get().run(StreamExecutionEnvironment.getExecutionEnvironment());
        }
    }

    /**
     * The options in {@code args}, or empty when help or the version was asked for (and printed to
     * {@code out}).
     *
     * @throws IllegalArgumentException with picocli's message and the usage when {@code args} are
     *     not valid
     */
    static Optional<CocoiJobMain> parse(String[] args, PrintWriter out) {
        CocoiJobMain main = new CocoiJobMain();
        CommandLine commandLine = new CommandLine(main);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(out);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            StringWriter usage = new StringWriter();
            commandLine.usage(new PrintWriter(usage));
            throw new IllegalArgumentException(
                    "cocoi-job: " + e.getMessage() + System.lineSeparator() + usage, e);
        }
        if (CommandLine.printHelpIfRequested(commandLine.getParseResult())) {
            out.flush();
            return Optional.empty();
        }
        return Optional.of(main);
    }

    /** Builds the job on {@code env} and submits it. */
    void run(StreamExecutionEnvironment env) throws Exception {
        runtime.validate();
        PipelineSpec spec = job.toSpec();

        // Job settings, with the cluster's state backend if it names one.
        env.configure(jobSettings(env.getConfiguration()));

        // Kafka in, the coded pipeline, Kafka out.
        Delivery delivery = runtime.delivery();
        Properties producerSettings = runtime.producerSettings();
        new CocoiJob(
                        spec,
                        CocoiJob.kafkaSource(
                                runtime.bootstrapServers(),
                                runtime.imagesTopic(),
                                runtime.groupId(),
                                runtime.consumerSettings()),
                        CocoiJob.kafkaSink(
                                runtime.resultsTopic(),
                                producerSettings,
                                delivery.guarantee(),
                                runtime.groupId() + "-results"),
                        CocoiJob.kafkaSink(
                                runtime.errorsTopic(),
                                producerSettings,
                                delivery.guarantee(),
                                runtime.groupId() + "-errors"))
                .attachTo(env);
        LOG.info(
                "CoCoI job: {} {} on n = {} workers, {} -> {} / {}, group {}, {}",
                spec.model(),
                spec.variant(),
                spec.workers(),
                runtime.imagesTopic(),
                runtime.resultsTopic(),
                runtime.errorsTopic(),
                runtime.groupId(),
                delivery.cliName());
        LOG.info("Kafka client settings: {}", KafkaClientOptions.describe(producerSettings));

        env.execute("cocoi %s n=%d".formatted(spec.model(), spec.workers()));
    }

    /** The settings the job applies over {@code cluster}, the cluster's configuration. */
    Configuration jobSettings(ReadableConfig cluster) {
        Configuration settings = new Configuration();
        settings.set(PipelineOptions.GENERIC_TYPES, false);
        settings.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ZERO);

        Optional<Duration> interval = runtime.checkpointInterval();
        interval.ifPresent(
                every -> settings.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, every));
        Optional<String> clusterBackend = cluster.getOptional(StateBackendOptions.STATE_BACKEND);
        if (clusterBackend.isEmpty()) {
            settings.set(StateBackendOptions.STATE_BACKEND, DEFAULT_STATE_BACKEND);
        }
        LOG.info(
                "Checkpoints {}, state backend {}",
                interval.map(every -> "every " + every.toMillis() + " ms").orElse("off"),
                clusterBackend
                        .map(name -> name + " (cluster configuration)")
                        .orElse(DEFAULT_STATE_BACKEND));
        return settings;
    }
}
