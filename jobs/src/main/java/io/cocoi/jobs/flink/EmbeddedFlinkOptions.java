package io.cocoi.jobs.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * The settings of an {@link EmbeddedFlink} cluster: how many one-slot TaskManagers, where the web
 * UI listens, whether jobs checkpoint, and any further Flink settings.
 *
 * <pre>{@code
 * EmbeddedFlinkOptions options =
 *         EmbeddedFlinkOptions.builder()
 *                 .setTaskManagers(workers + 1)
 *                 .optWebUiPort(8081)
 *                 .optCheckpointInterval(Duration.ofSeconds(2))
 *                 .build();
 * }</pre>
 */
public final class EmbeddedFlinkOptions {

    /** How often jobs checkpoint unless told otherwise. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private static final int HIGHEST_PORT = 65_535;

    private final int taskManagers;
    private final int webUiPort;
    private final Duration checkpointInterval;
    private final Path checkpointDirectory;
    private final Configuration extraSettings;

    private EmbeddedFlinkOptions(Builder builder) {
        this.taskManagers = builder.taskManagers;
        this.webUiPort = builder.webUiPort;
        this.checkpointInterval = builder.checkpointInterval;
        this.checkpointDirectory = builder.checkpointDirectory;
        this.extraSettings = new Configuration(builder.extraSettings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** TaskManagers in the cluster, each with exactly one slot. */
    public int taskManagers() {
        return taskManagers;
    }

    /** The web UI and REST port on 127.0.0.1; 0 picks a free one. */
    public int webUiPort() {
        return webUiPort;
    }

    /** How often jobs checkpoint, or empty when checkpointing is off. */
    public Optional<Duration> checkpointInterval() {
        return Optional.ofNullable(checkpointInterval);
    }

    /** Where checkpoints go, or empty for a temporary folder that the cluster removes on close. */
    public Optional<Path> checkpointDirectory() {
        return Optional.ofNullable(checkpointDirectory);
    }

    /** Further Flink settings, applied last; a copy. */
    public Configuration extraSettings() {
        return new Configuration(extraSettings);
    }

    /** Collects the settings; {@link #build()} checks them. */
    public static final class Builder {

        private int taskManagers;
        private int webUiPort;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Path checkpointDirectory;
        private final Configuration extraSettings = new Configuration();

        private Builder() {}

        /** Required: the number of TaskManagers, for the job the master plus n workers. */
        public Builder setTaskManagers(int taskManagers) {
            this.taskManagers = taskManagers;
            return this;
        }

        /** The web UI and REST port on 127.0.0.1 (default 0: a free port). */
        public Builder optWebUiPort(int webUiPort) {
            this.webUiPort = webUiPort;
            return this;
        }

        /** Checkpoint every {@code interval} into RocksDB (default 5 s). */
        public Builder optCheckpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /** Turns checkpointing off, for tests and runs that need no recovery. */
        public Builder optCheckpointingOff() {
            this.checkpointInterval = null;
            return this;
        }

        /** Keeps checkpoints in this folder instead of a temporary one. */
        public Builder optCheckpointDirectory(Path checkpointDirectory) {
            this.checkpointDirectory = checkpointDirectory;
            return this;
        }

        /**
         * Adds Flink settings applied after this class's own, for example the adaptive scheduler or
         * shorter heartbeats in a failure test.
         */
        public Builder optSettings(Configuration settings) {
            this.extraSettings.addAll(settings);
            return this;
        }

        public EmbeddedFlinkOptions build() {
            if (taskManagers < 1) {
                throw new IllegalArgumentException(
                        "an embedded Flink cluster needs at least 1 TaskManager, got "
                                + taskManagers);
            }
            if (webUiPort < 0 || webUiPort > HIGHEST_PORT) {
                throw new IllegalArgumentException(
                        "web UI port must be 0 (any free port) or 1.."
                                + HIGHEST_PORT
                                + ", got "
                                + webUiPort);
            }
            if (checkpointInterval != null
                    && (checkpointInterval.isZero() || checkpointInterval.isNegative())) {
                throw new IllegalArgumentException(
                        "checkpoint interval must be positive, got "
                                + checkpointInterval
                                + "; use optCheckpointingOff() to turn checkpoints off");
            }
            return new EmbeddedFlinkOptions(this);
        }
    }
}
