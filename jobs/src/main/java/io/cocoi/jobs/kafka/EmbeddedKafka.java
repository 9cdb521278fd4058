package io.cocoi.jobs.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka in KRaft mode, one server that is both broker and the whole controller
 * quorum, running inside this JVM for the demo and for tests.
 *
 * <p>Both listeners bind to 127.0.0.1, on ports that were free at the first start, and speak
 * plaintext: nothing outside this machine can reach the broker. The log directory is a temporary
 * folder that {@link #close()} removes. {@link #stop()} followed by {@link #start()} keeps the
 * folder and both ports, so records and topics survive a restart and clients configured with {@link
 * #bootstrapServers()} reconnect to the same address.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = new EmbeddedKafka()) {
 *     String bootstrapServers = kafka.start();
 *     kafka.createTopics(List.of("cocoi.images", "cocoi.results"), 1);
 *     // produce and consume through bootstrapServers
 * }
 * }</pre>
 *
 * <p>Every internal topic has one replica and one partition, so the first consumer group and the
 * first transaction start quickly.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final long CLEANER_BUFFER_BYTES = 16L * 1024 * 1024;

    /** Settings this class owns: overriding them would break loopback binding or restarts. */
    private static final Set<String> OWNED_SETTINGS =
            Set.of(
                    "process.roles",
                    "node.id",
                    "controller.quorum.voters",
                    "controller.quorum.bootstrap.servers",
                    "controller.listener.names",
                    "listeners",
                    "advertised.listeners",
                    "inter.broker.listener.name",
                    "listener.security.protocol.map",
                    "log.dirs",
                    "log.dir",
                    "metadata.log.dir");

    private final Map<String, String> brokerOverrides;
    private final Path logDirectory;
    private int brokerPort = -1;
    private int controllerPort = -1;
    private KafkaRaftServer server;
    private boolean closed;

    /** A broker with this class's defaults, not started yet. */
    public EmbeddedKafka() {
        this(Map.of());
    }

    /**
     * A broker with extra broker settings (for example {@code log.segment.bytes}), not started yet.
     * Listener, quorum and directory settings are owned by this class and rejected.
     */
    public EmbeddedKafka(Map<String, String> brokerOverrides) {
        for (String key : brokerOverrides.keySet()) {
            if (OWNED_SETTINGS.contains(key)) {
                throw new IllegalArgumentException(
                        "broker setting '"
                                + key
                                + "' is set by EmbeddedKafka itself and cannot be overridden;"
                                + " settings it owns: "
                                + new TreeSet<>(OWNED_SETTINGS));
            }
        }
        this.brokerOverrides = Map.copyOf(brokerOverrides);
        try {
            this.logDirectory = Files.createTempDirectory("cocoi-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log directory for Kafka", e);
        }
    }

    /**
     * Starts the broker, or restarts it after {@link #stop()}, and returns once it accepts clients.
     * A restart binds the ports of the first start again and fails if another process took one.
     *
     * @return the bootstrap servers, {@code 127.0.0.1:port}
     */
    public synchronized String start() {
        if (closed) {
            throw new IllegalStateException("Kafka broker in " + logDirectory + " is closed");
        }
        if (server != null) {
            throw new IllegalStateException("Kafka broker already runs at " + bootstrapServers());
        }

        long startNanos = System.nanoTime();
        formatLogDirectoryOnce();

        if (brokerPort < 0) {
            startOnFreePorts();
        } else {
            server = startServer(brokerPort, controllerPort);
        }

        LOG.info(
                "Kafka broker (KRaft, broker and controller) up at {} in {} ms, log directory {}",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                logDirectory);
        return bootstrapServers();
    }

    /**
     * Shuts the broker down cleanly, keeping its log directory and ports for a later {@link
     * #start()}. Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }

        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }

    /** Whether the broker runs now. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:port} of the broker listener; stays the same across restarts. */
    public synchronized String bootstrapServers() {
        if (brokerPort < 0) {
            throw new IllegalStateException("Kafka broker has not been started yet");
        }
        return LOOPBACK + ":" + brokerPort;
    }

    /** The folder holding the broker's log and metadata; removed by {@link #close()}. */
    public Path logDirectory() {
        return logDirectory;
    }

    /**
     * Creates the topics that do not exist yet, each with {@code partitions} partitions and one
     * replica, and checks that those that exist have that many partitions.
     */
    public void createTopics(Collection<String> names, int partitions) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no topic names given");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "topics " + names + " need at least 1 partition, got " + partitions);
        }
        if (!isRunning()) {
            throw new IllegalStateException(
                    "cannot create topics " + names + ": the Kafka broker is not running");
        }

        try (Admin admin = Admin.create(adminSettings())) {
            Set<String> existing = await(admin.listTopics().names(), "list topics");
            List<NewTopic> missing =
                    names.stream()
                            .distinct()
                            .filter(name -> !existing.contains(name))
                            .map(name -> new NewTopic(name, partitions, (short) 1))
                            .toList();
            await(admin.createTopics(missing).all(), "create topics " + missing);

            List<String> present = names.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> descriptions =
                    await(
                            admin.describeTopics(present).allTopicNames(),
                            "describe topics " + present);
            for (TopicDescription description : descriptions.values()) {
                int actual = description.partitions().size();
                if (actual != partitions) {
                    throw new IllegalStateException(
                            "topic "
                                    + description.name()
                                    + " already exists with "
                                    + actual
                                    + " partitions, expected "
                                    + partitions);
                }
            }
            LOG.info("Kafka topics {} ready with {} partitions each", names, partitions);
        }
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }

        stop();
        deleteRecursively(logDirectory);
        closed = true;
    }

    private void formatLogDirectoryOnce() {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }

        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        Formatter formatter =
                new Formatter()
                        .setPrintStream(
                                new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .setDirectories(List.of(logDirectory.toString()))
                        .setMetadataLogDirectory(logDirectory.toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot format the KRaft log directory " + logDirectory, e);
        }
        LOG.debug(
                "Formatted {}: {}", logDirectory, formatterOutput.toString(StandardCharsets.UTF_8));
    }

    /** Binds to two free loopback ports, picking new ones if another process took them first. */
    private void startOnFreePorts() {
        for (int attempt = 1; ; attempt++) {
            int[] ports = freeLoopbackPorts();
            try {
                server = startServer(ports[0], ports[1]);
                brokerPort = ports[0];
                controllerPort = ports[1];
                return;
            } catch (RuntimeException e) {
                if (attempt >= PORT_ATTEMPTS || !causedByBindFailure(e)) {
                    throw e;
                }
                LOG.warn(
                        "Kafka ports {} and {} were taken before the broker bound them"
                                + " (attempt {} of {}), trying others",
                        ports[0],
                        ports[1],
                        attempt,
                        PORT_ATTEMPTS);
            }
        }
    }

    private KafkaRaftServer startServer(int brokerPort, int controllerPort) {
        KafkaConfig config = new KafkaConfig(brokerSettings(brokerPort, controllerPort), false);
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            return candidate;
        } catch (RuntimeException e) {
            candidate.shutdown();
            candidate.awaitShutdown();
            throw e;
        }
    }

    private Map<String, Object> brokerSettings(int brokerPort, int controllerPort) {
        Map<String, Object> settings = new HashMap<>();

        // One node that is the broker and the whole controller quorum.
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);

        // Both listeners on loopback only, plaintext.
        String brokerEndpoint = endpoint(BROKER_LISTENER, brokerPort);
        settings.put(
                "listeners", brokerEndpoint + "," + endpoint(CONTROLLER_LISTENER, controllerPort));
        settings.put("advertised.listeners", brokerEndpoint);
        settings.put("inter.broker.listener.name", BROKER_LISTENER);
        settings.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("log.dirs", logDirectory.toString());

        // One replica of everything; one partition per internal topic, so they are quick to make.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("share.coordinator.state.topic.num.partitions", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");

        // Topics exist only when created on purpose: a misspelt name is never created silently.
        settings.put("auto.create.topics.enable", "false");

        // Few threads and a small compaction buffer: the broker shares two cores and a heap.
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "2");
        settings.put("log.cleaner.dedupe.buffer.size", Long.toString(CLEANER_BUFFER_BYTES));

        settings.putAll(brokerOverrides);
        return settings;
    }

    private static String endpoint(String listener, int port) {
        return listener + "://" + LOOPBACK + ":" + port;
    }

    private Map<String, Object> adminSettings() {
        Map<String, Object> settings = new TreeMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return settings;
    }

    private static <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + action, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka could not " + action, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not " + action + " within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Two distinct ports that are free on loopback now; another process may still take them. */
    private static int[] freeLoopbackPorts() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName(LOOPBACK);
            for (int i = 0; i < 2; i++) {
                sockets.add(new ServerSocket(0, 1, loopback));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + LOOPBACK, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.debug("Closing probe socket {} failed", socket, e);
                }
            }
        }
    }

    private static boolean causedByBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(Path root) {
        try {
            Utils.delete(root.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete the Kafka log directory {}", root, e);
        }
    }
}
