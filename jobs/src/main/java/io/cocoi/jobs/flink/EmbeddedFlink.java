package io.cocoi.jobs.flink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster inside this JVM: a JobManager, one-slot TaskManagers and the web UI, all on
 * 127.0.0.1, with the settings the CoCoI job relies on.
 *
 * <p>One slot per TaskManager means that operators in different slot sharing groups run on
 * different TaskManagers: the master group and each worker index get a TaskManager of their own.
 * Every environment from {@link #createEnvironment()} submits to this cluster and starts with:
 *
 * <ul>
 *   <li>{@code pipeline.generic-types: false}, so a type that would need Kryo fails the job at
 *       submission instead of slowing it down;
 *   <li>a buffer timeout of 0, so every record is sent as soon as it is produced;
 *   <li>RocksDB state and checkpoints into a folder, unless checkpointing is off.
 * </ul>
 *
 * <pre>{@code
 * try (EmbeddedFlink flink = EmbeddedFlink.start(options)) {
 *     System.out.println("Flink web UI: " + flink.webUiUrl());
 *     StreamExecutionEnvironment env = flink.createEnvironment();
 *     // build the job on env, then env.execute(...) or env.executeAsync(...)
 * }
 * }</pre>
 */
public final class EmbeddedFlink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);

    private static final String LOOPBACK = "127.0.0.1";

    private final EmbeddedFlinkOptions options;
    private final MiniCluster miniCluster;
    private final Configuration settings;
    private final Path checkpointDirectory;
    private final boolean ownsCheckpointDirectory;
    private final URI webUiUrl;

    private EmbeddedFlink(
            EmbeddedFlinkOptions options,
            MiniCluster miniCluster,
            Configuration settings,
            Path checkpointDirectory,
            boolean ownsCheckpointDirectory,
            URI webUiUrl) {
        this.options = options;
        this.miniCluster = miniCluster;
        this.settings = settings;
        this.checkpointDirectory = checkpointDirectory;
        this.ownsCheckpointDirectory = ownsCheckpointDirectory;
        this.webUiUrl = webUiUrl;
    }

    /** Starts a cluster and returns once its TaskManagers and web UI are up. */
    public static EmbeddedFlink start(EmbeddedFlinkOptions options) throws Exception {
        long startNanos = System.nanoTime();

        Path checkpointDirectory = null;
        boolean ownsCheckpointDirectory = false;
        if (options.checkpointInterval().isPresent()) {
            ownsCheckpointDirectory = options.checkpointDirectory().isEmpty();
            checkpointDirectory =
                    ownsCheckpointDirectory
                            ? Files.createTempDirectory("cocoi-checkpoints-")
                            : Files.createDirectories(options.checkpointDirectory().get());
        }

        Configuration settings = settings(options, checkpointDirectory);
        MiniCluster miniCluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(settings)
                                .setNumTaskManagers(options.taskManagers())
                                .setNumSlotsPerTaskManager(1)
                                .build());
        try {
            miniCluster.start();
            URI webUiUrl = miniCluster.getRestAddress().get();
            LOG.info(
                    "Flink MiniCluster up in {} ms: {} TaskManagers with 1 slot each, web UI {},"
                            + " checkpoints {}",
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                    options.taskManagers(),
                    webUiUrl,
                    checkpointDirectory == null
                            ? "off"
                            : "every "
                                    + options.checkpointInterval().get().toMillis()
                                    + " ms into "
                                    + checkpointDirectory);
            return new EmbeddedFlink(
                    options,
                    miniCluster,
                    settings,
                    checkpointDirectory,
                    ownsCheckpointDirectory,
                    webUiUrl);
        } catch (Exception e) {
            miniCluster.close();
            if (ownsCheckpointDirectory) {
                deleteRecursively(checkpointDirectory);
            }
            throw e;
        }
    }

    /**
     * A new environment whose jobs run on this cluster, with the job defaults listed in the class
     * description; further settings can be applied with {@link
     * StreamExecutionEnvironment#configure}.
     */
    public StreamExecutionEnvironment createEnvironment() {
        return new StreamExecutionEnvironment(
                new MiniClusterExecutors(miniCluster),
                settings,
                Thread.currentThread().getContextClassLoader());
    }

    /** The web UI, {@code http://127.0.0.1:port}. */
    public URI webUiUrl() {
        return webUiUrl;
    }

    /** The cluster itself, for job status, checkpoint statistics and stopping TaskManagers. */
    public MiniCluster miniCluster() {
        return miniCluster;
    }

    public EmbeddedFlinkOptions options() {
        return options;
    }

    /** Stops every job and the cluster, and removes a temporary checkpoint folder. */
    @Override
    public void close() throws ExecutionException, InterruptedException {
        try {
            miniCluster.closeAsync().get();
            LOG.info("Flink MiniCluster stopped");
        } finally {
            if (ownsCheckpointDirectory) {
                deleteRecursively(checkpointDirectory);
            }
        }
    }

    private static Configuration settings(EmbeddedFlinkOptions options, Path checkpointDirectory) {
        Configuration settings = new Configuration();

        // Cluster: every endpoint on loopback, one slot per TaskManager.
        settings.set(RestOptions.ADDRESS, LOOPBACK);
        settings.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        settings.set(RestOptions.BIND_PORT, Integer.toString(options.webUiPort()));
        settings.set(JobManagerOptions.ADDRESS, LOOPBACK);
        settings.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        settings.set(TaskManagerOptions.HOST, LOOPBACK);
        settings.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        settings.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);

        // Jobs: no Kryo, no batching delay, submitted to this cluster and awaited by execute().
        settings.set(PipelineOptions.GENERIC_TYPES, false);
        settings.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ZERO);
        settings.set(DeploymentOptions.TARGET, MiniClusterExecutors.NAME);
        settings.set(DeploymentOptions.ATTACHED, true);

        // Checkpoints: RocksDB state, written to a local folder.
        if (checkpointDirectory != null) {
            settings.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    options.checkpointInterval().get());
            settings.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            settings.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpointDirectory.toUri().toString());
        }

        settings.addAll(options.extraSettings());
        return settings;
    }

    private static void deleteRecursively(Path root) {
        try {
            FileUtils.deleteDirectory(root.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete the checkpoint folder {}", root, e);
        }
    }
}
