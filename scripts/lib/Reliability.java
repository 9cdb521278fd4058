import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The reliability runs of scripts/reliability against a cluster of scripts/local-cluster: a worker
 * TaskManager killed mid-stream, the Kafka broker restarted mid-stream, malformed records mixed
 * into good ones, and a soak with memory and state figures. Writes a markdown report.
 *
 * <p>Run by scripts/reliability, which passes the cluster's addresses and this build's classpath.
 */
public class Reliability {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern JOB_ID = Pattern.compile("Submitted job ([0-9a-f]{32})");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern LONG_KEY = Pattern.compile("^(bad-long-key-\\d+)");
    private static final long CHECKPOINT_INTERVAL_MS = 2_000;
    private static final int IN_FLIGHT = 24;
    private static final int SOAK_IN_FLIGHT = 80;
    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration LATE_DUPLICATES_WAIT = Duration.ofSeconds(8);
    private static final long SEED = 20261203L;

    private final Map<String, String> options;
    private final String bootstrapServers;
    private final URI rest;
    private final int workers;
    private final List<byte[]> samples = new ArrayList<>();
    private final List<String> sampleNames = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();

    Reliability(Map<String, String> options) throws IOException {
        this.options = options;
        this.bootstrapServers = options.get("bootstrap-servers");
        this.rest = URI.create(options.get("rest"));
        this.workers = Integer.parseInt(options.get("workers"));
        try (var files = Files.list(Path.of("samples"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".jpg") || name.endsWith(".png")) {
                    samples.add(Files.readAllBytes(file));
                    sampleNames.add(name);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Reliability run = new Reliability(options);
        run.header();
        Set<String> only =
                Set.of(options.getOrDefault("only", "kill,kafka,malformed,soak").split(","));
        if (only.contains("kill")) {
            run.killWorker(Integer.parseInt(options.get("images")));
        }
        if (only.contains("kafka")) {
            run.restartKafka(Integer.parseInt(options.get("images")));
        }
        if (only.contains("malformed")) {
            run.malformed(
                    Integer.parseInt(options.get("malformed")),
                    Integer.parseInt(options.get("good")));
        }
        if (only.contains("soak")) {
            run.soak(Integer.parseInt(options.get("soak")));
        }
        Path out = Path.of(options.get("report"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, run.report.toString());
        System.out.println("report: " + out);
    }

    private void header() {
        report.append("# Reliability run\n\n");
        report.append("Written by `scripts/reliability")
                .append(options.getOrDefault("command-line", ""))
                .append("` on ")
                .append(Instant.now())
                .append(".\n\n");
        report.append(
                ("A cluster of `scripts/local-cluster` on this machine (2 cores, shared): one KRaft"
                                + " broker, a JobManager and %d one-slot TaskManagers (%s each),"
                                + " all on 127.0.0.1, configured from `flink-conf/master`"
                                + " (adaptive scheduler, RocksDB, heartbeat 5 s / 30 s). The job is"
                                + " VGG16 **reduced** (`--width-divisor 8 --image-size 64`, seeded"
                                + " weights) on n = %d workers, `--delivery exactly-once`,"
                                + " checkpoints every %d ms. Every count below is read by a"
                                + " `read_committed` consumer of the results and errors topics."
                                + " Images are the project's samples (%s), published with at most"
                                + " %d images in flight.\n\n")
                        .formatted(
                                workers + 1,
                                options.get("tm-memory"),
                                workers,
                                CHECKPOINT_INTERVAL_MS,
                                String.join(", ", sampleNames),
                                IN_FLIGHT));
    }

    // ---- Scenario 1: kill -9 of a worker's TaskManager ----------------------------------------

    private void killWorker(int images) throws Exception {
        log("kill-worker: %d images", images);
        Topics topics = Topics.create(this, "kill");
        String job = submit(topics);
        JobWatch watch = new JobWatch(job);
        long[] killedAt = {0};
        String[] killed = {""};
        Outcome outcome;
        try (Collector collector = new Collector(topics);
                Producer producer = new Producer(topics.images)) {
            watch.start();
            List<String> keys =
                    publishPaced(
                            producer,
                            collector,
                            images,
                            "kill",
                            published -> {
                                if (published == images / 3) {
                                    killed[0] = run("scripts/local-cluster", "kill-worker", "1");
                                    killedAt[0] = System.currentTimeMillis();
                                }
                            });
            outcome = drain(collector, keys);
            watch.stop();
            long runningAgain = watch.firstStateAfter("RUNNING", killedAt[0]);
            long firstResult = collector.firstResultAfter(runningAgain);
            Matcher tm = Pattern.compile("TaskManager (tm-\\d+)").matcher(killed[0]);
            String killedTm = tm.find() ? tm.group(1) : "?";
            int workerParallelism = workerParallelism(job);
            String restarts = restarts(job);

            report.append(
                    "## 1. kill -9 of a worker TaskManager while %d images stream\n\n"
                            .formatted(images));
            report.append(
                    ("`scripts/local-cluster kill-worker 1` killed %s (the TaskManager running"
                         + " worker subtask 1) after %d of %d images were published.\n\n")
                            .formatted(killedTm, images / 3, images));
            table(
                    List.of("figure", "value"),
                    List.of(
                            List.of("images published", Integer.toString(images)),
                            List.of(
                                    "result records read (committed)",
                                    Integer.toString(outcome.resultRecords)),
                            List.of(
                                    "distinct images with a result",
                                    Integer.toString(outcome.distinctResults)),
                            List.of("**results lost**", "**" + outcome.lost.size() + "**"),
                            List.of("**duplicate results**", "**" + outcome.duplicates + "**"),
                            List.of("error records", Integer.toString(outcome.errorRecords)),
                            List.of(
                                    "job state changes after the kill",
                                    watch.transitionsAfter(killedAt[0])),
                            List.of("kill → job RUNNING again", millis(runningAgain, killedAt[0])),
                            List.of(
                                    "**kill → first result after recovery**",
                                    "**" + millis(firstResult, killedAt[0]) + "**"),
                            List.of(
                                    "kill → every image has a result",
                                    millis(outcome.completeAtMs, killedAt[0])),
                            List.of(
                                    "worker parallelism at the end",
                                    Integer.toString(workerParallelism)),
                            List.of("job restarts (numRestarts)", restarts)));
            report.append(lostLine(outcome));
        } finally {
            cancel(job);
        }

        // The device comes back: restart its TaskManager so later runs have n + 1 again.
        Matcher tm = Pattern.compile("TaskManager tm-(\\d+)").matcher(killed[0]);
        if (tm.find()) {
            run("scripts/local-cluster", "start-taskmanager", tm.group(1));
            waitUntil(
                    "TaskManagers registered",
                    Duration.ofMinutes(2),
                    () -> taskManagers() == workers + 1);
        }
    }

    // ---- Scenario 2: Kafka broker restart ------------------------------------------------------

    private void restartKafka(int images) throws Exception {
        log("restart-kafka: %d images", images);
        Topics topics = Topics.create(this, "kafka");
        String job = submit(topics);
        JobWatch watch = new JobWatch(job);
        long[] stoppedAt = {0};
        long[] upAt = {0};
        try (Collector collector = new Collector(topics);
                Producer producer = new Producer(topics.images)) {
            watch.start();
            List<String> keys =
                    publishPaced(
                            producer,
                            collector,
                            images,
                            "kafka",
                            published -> {
                                if (published == images / 3) {
                                    stoppedAt[0] = System.currentTimeMillis();
                                    run("scripts/local-cluster", "restart-kafka");
                                    upAt[0] = System.currentTimeMillis();
                                }
                            });
            Outcome outcome = drain(collector, keys);
            watch.stop();
            long firstResult = collector.firstResultAfter(upAt[0]);
            String restarts = restarts(job);

            report.append(
                    "## 2. Kafka broker restarted while %d images stream\n\n".formatted(images));
            report.append(
                    ("`scripts/local-cluster restart-kafka` stopped the broker (SIGTERM, controlled"
                                    + " shutdown) and started it again on the same port and data"
                                    + " folder after %d of %d images were published.\n\n")
                            .formatted(images / 3, images));
            table(
                    List.of("figure", "value"),
                    List.of(
                            List.of("images published", Integer.toString(images)),
                            List.of(
                                    "distinct images with a result",
                                    Integer.toString(outcome.distinctResults)),
                            List.of("**results lost**", "**" + outcome.lost.size() + "**"),
                            List.of("**duplicate results**", "**" + outcome.duplicates + "**"),
                            List.of(
                                    "broker down (stop → accepting again)",
                                    millis(upAt[0], stoppedAt[0])),
                            List.of("broker up → first result", millis(firstResult, upAt[0])),
                            List.of("job state changes", watch.transitionsAfter(stoppedAt[0])),
                            List.of("job restarts (numRestarts)", restarts),
                            List.of("job state at the end", jobState(job))));
            report.append(lostLine(outcome));
        } finally {
            cancel(job);
        }
    }

    // ---- Scenario 3: malformed records ---------------------------------------------------------

    private void malformed(int malformed, int good) throws Exception {
        log("malformed: %d malformed among %d good", malformed, good);
        Topics topics = Topics.create(this, "malformed");
        String job = submit(topics);
        Random random = new Random(SEED);
        List<Malformed> kinds = Malformed.kinds(samples.get(firstJpeg()), random);
        Map<String, Integer> sentPerKind = new TreeMap<>();
        Map<String, String> kindOfKey = new HashMap<>();
        int keyless = 0;
        try (Collector collector = new Collector(topics);
                Producer producer = new Producer(topics.images)) {
            List<String> goodKeys = new ArrayList<>();
            int badSent = 0;
            int goodSent = 0;
            int total = malformed + good;
            for (int i = 0; i < total; i++) {
                boolean sendGood =
                        (long) goodSent * total < (long) (i + 1) * good && goodSent < good
                                || badSent == malformed;
                if (sendGood) {
                    String key = "good-%05d".formatted(goodSent);
                    producer.send(key, samples.get(goodSent % samples.size()), Map.of());
                    goodKeys.add(key);
                    goodSent++;
                    while (goodSent - collector.results().size() > IN_FLIGHT) {
                        Thread.sleep(20);
                    }
                } else {
                    Malformed kind = kinds.get(badSent % kinds.size());
                    String key = "bad-%s-%d".formatted(kind.name, badSent);
                    Malformed.Record record = kind.make(key, random);
                    producer.send(record.key, record.value, record.headers);
                    sentPerKind.merge(kind.name, 1, Integer::sum);
                    if (record.key == null) {
                        keyless++;
                    } else {
                        kindOfKey.put(errorKey(record.key), kind.name);
                    }
                    badSent++;
                }
            }
            producer.flush();
            int expectedKeyless = keyless;
            waitUntil(
                    "every good image classified and every malformed record reported",
                    DRAIN_TIMEOUT,
                    () ->
                            collector.distinctResults(goodKeys) == good
                                    && collector.errors().size() >= malformed);
            Thread.sleep(LATE_DUPLICATES_WAIT.toMillis());

            Map<String, Integer> errorsPerKind = new TreeMap<>();
            Map<String, Integer> errorCounts = new HashMap<>();
            Map<String, String> reasonPerKind = new TreeMap<>();
            int keylessErrors = 0;
            for (Received error : collector.errors()) {
                if (error.key == null || error.key.startsWith("null#")) {
                    keylessErrors++;
                    reasonPerKind.putIfAbsent("no-key", error.reason);
                    continue;
                }
                String key = errorKey(error.key);
                String kind = kindOfKey.get(key);
                errorCounts.merge(key, 1, Integer::sum);
                if (kind != null) {
                    errorsPerKind.merge(kind, 1, Integer::sum);
                    reasonPerKind.putIfAbsent(kind, error.reason);
                }
            }
            errorsPerKind.put("no-key", keylessErrors);
            long badWithOneError =
                    kindOfKey.keySet().stream()
                                    .filter(k -> errorCounts.getOrDefault(k, 0) == 1)
                                    .count()
                            + Math.min(keylessErrors, expectedKeyless);
            long badWithResult =
                    collector.results().stream()
                            .filter(r -> r.key != null && r.key.startsWith("bad-"))
                            .count();
            Outcome goodOutcome = outcome(collector, goodKeys);
            String restarts = restarts(job);

            report.append(
                    "## 3. %d malformed records among %d good images\n\n"
                            .formatted(malformed, good));
            report.append(
                    "Kinds sent round-robin (seeded), each with the error reason the job wrote for"
                            + " the first of its kind:\n\n");
            List<List<String>> rows = new ArrayList<>();
            for (Malformed kind : kinds) {
                rows.add(
                        List.of(
                                kind.name,
                                kind.description,
                                Integer.toString(sentPerKind.getOrDefault(kind.name, 0)),
                                Integer.toString(errorsPerKind.getOrDefault(kind.name, 0)),
                                "`"
                                        + truncate(reasonPerKind.getOrDefault(kind.name, "-"), 110)
                                        + "`"));
            }
            table(List.of("kind", "record", "sent", "error records", "reason (first)"), rows);
            table(
                    List.of("figure", "value"),
                    List.of(
                            List.of("malformed records sent", Integer.toString(malformed)),
                            List.of(
                                    "error records read",
                                    Integer.toString(collector.errors().size())),
                            List.of(
                                    "**malformed records with exactly one error record**",
                                    "**" + badWithOneError + "**"),
                            List.of(
                                    "malformed records that got a result",
                                    Long.toString(badWithResult)),
                            List.of("good images sent", Integer.toString(good)),
                            List.of(
                                    "**good images classified**",
                                    "**" + goodOutcome.distinctResults + "**"),
                            List.of("duplicate results", Integer.toString(goodOutcome.duplicates)),
                            List.of("**job restarts (numRestarts)**", "**" + restarts + "**")));
        } finally {
            cancel(job);
        }
    }

    /** The key an error record carries for a record key: over-long keys are cut by the job. */
    private static String errorKey(String key) {
        Matcher longKey = LONG_KEY.matcher(key);
        return longKey.find() ? longKey.group(1) : key;
    }

    // ---- Scenario 4: soak ----------------------------------------------------------------------

    private void soak(int images) throws Exception {
        log("soak: %d images", images);
        Topics topics = Topics.create(this, "soak");
        String job = submit(topics);
        List<List<String>> rows = new ArrayList<>();
        List<Sample> samplesTaken = new ArrayList<>();
        int every = Math.max(1, images / 10);
        long startMs = System.currentTimeMillis();
        try (Collector collector = new Collector(topics);
                Producer producer = new Producer(topics.images)) {
            List<String> keys =
                    publishPaced(
                            producer,
                            collector,
                            images,
                            "soak",
                            SOAK_IN_FLIGHT,
                            published -> {
                                if (published > 0 && published % every == 0) {
                                    samplesTaken.add(sample(job, published, collector));
                                }
                            });
            Outcome outcome = drain(collector, keys);
            long elapsedMs = System.currentTimeMillis() - startMs;
            samplesTaken.add(sample(job, images, collector));

            // Nothing in flight: after layer timeout and grace (15 s) no request may keep state.
            Thread.sleep(QUIET.toMillis());
            samplesTaken.add(sample(job, images, collector));

            for (Sample s : samplesTaken) {
                rows.add(
                        List.of(
                                Integer.toString(s.published),
                                Integer.toString(s.results),
                                mib(
                                        s.heapAfterGc.values().stream()
                                                .mapToLong(Long::longValue)
                                                .max()
                                                .orElse(0)),
                                mib(
                                        s.heapAfterGc.values().stream()
                                                .mapToLong(Long::longValue)
                                                .sum()),
                                mib(
                                        s.rss.values().stream()
                                                .mapToLong(Long::longValue)
                                                .max()
                                                .orElse(0)),
                                mib(s.rss.values().stream().mapToLong(Long::longValue).sum()),
                                kib(s.savepointBytes),
                                kib(s.checkpointStateBytes),
                                kib(s.checkpointedBytes)));
            }
            String restarts = restarts(job);
            Sample warm = samplesTaken.get(0);
            Sample end = samplesTaken.get(samplesTaken.size() - 1);
            report.append("## 4. Soak: %d images\n\n".formatted(images));
            report.append(
                    ("%d images in %d s (%.1f images/s), %d results, %d lost, %d duplicates, %s job"
                         + " restarts, with at most %d images in flight. At every tenth of the run:"
                         + " heap used after a full GC (`jcmd PID GC.run`, then `GC.heap_info`),"
                         + " resident set size from /proc (heap, metaspace, RocksDB and PyTorch"
                         + " native memory), the size of a savepoint in canonical format (every"
                         + " live key written once: the job's real state), and the latest completed"
                         + " RocksDB checkpoint's full and incremental size (SST files, deleted"
                         + " entries included until compaction). The first row, after %d images, is"
                         + " the warm-up reference; the last two are after every result arrived,"
                         + " and %d s later with nothing in flight.\n\n")
                            .formatted(
                                    images,
                                    elapsedMs / 1000,
                                    images * 1000.0 / elapsedMs,
                                    outcome.distinctResults,
                                    outcome.lost.size(),
                                    outcome.duplicates,
                                    restarts,
                                    SOAK_IN_FLIGHT,
                                    warm.published,
                                    QUIET.toSeconds()));
            table(
                    List.of(
                            "published",
                            "results",
                            "heap after GC, max TM",
                            "heap after GC, all TMs",
                            "RSS, max TM",
                            "RSS, all TMs",
                            "state (canonical savepoint)",
                            "RocksDB checkpoint",
                            "checkpoint increment"),
                    rows);
            Sample lastBusy = samplesTaken.get(samplesTaken.size() - 3);
            report.append(
                    ("Warm-up → last sample under load → quiet end: heap after GC (all TMs) %s → %s"
                                    + " → %s, RSS (all TMs) %s → %s → %s, state (canonical"
                                    + " savepoint) %s → %s → %s, RocksDB checkpoint %s → %s →"
                                    + " %s.\n\n")
                            .formatted(
                                    mib(sum(warm.heapAfterGc)),
                                    mib(sum(lastBusy.heapAfterGc)),
                                    mib(sum(end.heapAfterGc)),
                                    mib(sum(warm.rss)),
                                    mib(sum(lastBusy.rss)),
                                    mib(sum(end.rss)),
                                    kib(warm.savepointBytes),
                                    kib(lastBusy.savepointBytes),
                                    kib(end.savepointBytes),
                                    kib(warm.checkpointStateBytes),
                                    kib(lastBusy.checkpointStateBytes),
                                    kib(end.checkpointStateBytes)));
            report.append("Per TaskManager at the end (heap after GC / RSS): ");
            List<String> perTm = new ArrayList<>();
            for (String tm : new TreeMap<>(end.rss).keySet()) {
                perTm.add(
                        "%s %s / %s"
                                .formatted(
                                        tm,
                                        mib(end.heapAfterGc.getOrDefault(tm, 0L)),
                                        mib(end.rss.get(tm))));
            }
            report.append(String.join(", ", perTm)).append(".\n\n");
        } finally {
            cancel(job);
        }
    }

    private Sample sample(String job, int published, Collector collector) {
        Sample s = new Sample();
        s.published = published;
        s.results = collector.results().size();
        try {
            JsonNode taskManagers = get("/taskmanagers").path("taskmanagers");
            for (JsonNode tm : taskManagers) {
                String id = tm.path("id").asText();
                Path pidFile =
                        Path.of(
                                options.get("state"),
                                "taskmanager-" + id.replace("tm-", "") + ".pid");
                if (!Files.isRegularFile(pidFile)) {
                    continue;
                }
                String pid = Files.readString(pidFile).trim();
                run("jcmd", pid, "GC.run");
                Matcher used = HEAP_USED.matcher(run("jcmd", pid, "GC.heap_info"));
                if (used.find()) {
                    s.heapAfterGc.put(id, Long.parseLong(used.group(1)) * 1024);
                }
                for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        s.rss.put(id, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            }
            s.savepointBytes = canonicalSavepointBytes(job);
            JsonNode latest = get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
            s.checkpointStateBytes = latest.path("state_size").asLong();
            s.checkpointedBytes = latest.path("checkpointed_size").asLong();
        } catch (Exception e) {
            log("sample after %d images failed: %s", published, e);
        }
        log(
                "sample at %d: heap %s, rss %s, savepoint %s, checkpoint %s",
                published,
                mib(sum(s.heapAfterGc)),
                mib(sum(s.rss)),
                kib(s.savepointBytes),
                kib(s.checkpointStateBytes));
        return s;
    }

    /**
     * The size of a savepoint in Flink's canonical format, which writes every live key once: the
     * job's real state, where a RocksDB checkpoint also counts deleted entries not yet compacted.
     */
    private long canonicalSavepointBytes(String job) throws Exception {
        Path folder = Path.of(options.get("state"), "savepoints");
        String body =
                JSON.writeValueAsString(
                        Map.of(
                                "target-directory",
                                folder.toUri().toString(),
                                "cancel-job",
                                false,
                                "formatType",
                                "CANONICAL"));
        HttpResponse<String> triggered =
                HTTP.send(
                        HttpRequest.newBuilder(rest.resolve("/jobs/" + job + "/savepoints"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String trigger = JSON.readTree(triggered.body()).path("request-id").asText();
        String[] location = {null};
        waitUntil(
                "savepoint " + trigger,
                Duration.ofMinutes(2),
                () -> {
                    try {
                        JsonNode status = get("/jobs/" + job + "/savepoints/" + trigger);
                        if (status.path("status").path("id").asText().equals("COMPLETED")) {
                            JsonNode operation = status.path("operation");
                            if (operation.has("failure-cause")) {
                                throw new IllegalStateException(operation.toString());
                            }
                            location[0] = operation.path("location").asText();
                            return true;
                        }
                        return false;
                    } catch (IllegalStateException e) {
                        throw e;
                    } catch (Exception e) {
                        return false;
                    }
                });
        Path savepoint = Path.of(URI.create(location[0].replaceFirst("^file:/+", "file:///")));
        try (var files = Files.walk(savepoint)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            file -> {
                                try {
                                    return Files.size(file);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        }
    }

    // ---- Shared steps --------------------------------------------------------------------------

    /** Publishes {@code images} sample images with at most a few without a result yet. */
    private List<String> publishPaced(
            Producer producer, Collector collector, int images, String prefix, Step afterEach)
            throws Exception {
        return publishPaced(producer, collector, images, prefix, IN_FLIGHT, afterEach);
    }

    private List<String> publishPaced(
            Producer producer,
            Collector collector,
            int images,
            String prefix,
            int inFlight,
            Step afterEach)
            throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            while (i - collector.distinctResults(keys) >= inFlight) {
                Thread.sleep(20);
            }
            String key = "%s-%05d".formatted(prefix, i);
            producer.send(key, samples.get(i % samples.size()), Map.of());
            keys.add(key);
            afterEach.run(i + 1);
        }
        producer.flush();
        return keys;
    }

    private Outcome drain(Collector collector, List<String> keys) throws Exception {
        long start = System.currentTimeMillis();
        boolean complete =
                waitUntilQuietly(
                        DRAIN_TIMEOUT, () -> collector.distinctResults(keys) == keys.size());
        long completeAt = complete ? System.currentTimeMillis() : 0;
        Thread.sleep(LATE_DUPLICATES_WAIT.toMillis());
        Outcome outcome = outcome(collector, keys);
        outcome.completeAtMs = completeAt;
        if (!complete) {
            log("not every image has a result after %d ms", System.currentTimeMillis() - start);
        }
        return outcome;
    }

    private static Outcome outcome(Collector collector, List<String> keys) {
        Set<String> wanted = Set.copyOf(keys);
        Map<String, Integer> counts = new HashMap<>();
        for (Received result : collector.results()) {
            if (result.key != null && wanted.contains(result.key)) {
                counts.merge(result.key, 1, Integer::sum);
            }
        }
        Outcome outcome = new Outcome();
        outcome.resultRecords = counts.values().stream().mapToInt(Integer::intValue).sum();
        outcome.distinctResults = counts.size();
        outcome.duplicates = outcome.resultRecords - outcome.distinctResults;
        outcome.lost = keys.stream().filter(key -> !counts.containsKey(key)).toList();
        outcome.errorRecords = collector.errors().size();
        return outcome;
    }

    private String submit(Topics topics) throws Exception {
        String out =
                run(
                        "scripts/cocoi",
                        "submit",
                        "--jobmanager",
                        rest.getHost() + ":" + rest.getPort(),
                        "--bootstrap-servers",
                        bootstrapServers,
                        "--images-topic",
                        topics.images,
                        "--results-topic",
                        topics.results,
                        "--errors-topic",
                        topics.errors,
                        "--group-id",
                        topics.group,
                        "--workers",
                        Integer.toString(workers),
                        "--width-divisor",
                        "8",
                        "--image-size",
                        "64",
                        "--delivery",
                        "exactly-once",
                        "--checkpoint-interval-ms",
                        Long.toString(CHECKPOINT_INTERVAL_MS));
        Matcher id = JOB_ID.matcher(out);
        if (!id.find()) {
            throw new IllegalStateException("cocoi submit printed no job id: " + out);
        }
        String job = id.group(1);
        waitUntil(
                "job " + job + " running on every subtask",
                Duration.ofMinutes(2),
                () -> allSubtasksRunning(job));
        log("job %s running", job);
        return job;
    }

    private boolean allSubtasksRunning(String job) {
        try {
            JsonNode details = get("/jobs/" + job);
            if (!details.path("state").asText().equals("RUNNING")) {
                return false;
            }
            for (JsonNode vertex : details.path("vertices")) {
                if (!vertex.path("status").asText().equals("RUNNING")) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void cancel(String job) throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(rest.resolve("/jobs/" + job + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        waitUntil(
                "job " + job + " cancelled",
                Duration.ofMinutes(1),
                () -> List.of("CANCELED", "FAILED", "FINISHED").contains(jobState(job)));
        waitUntil("every slot free", Duration.ofMinutes(1), () -> freeSlots() == taskManagers());
    }

    private String jobState(String job) {
        try {
            return get("/jobs/" + job).path("state").asText();
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The job's numRestarts metric, which the REST API answers with [] until its metric fetcher has
     * run; failing that within 30 s, the number of failures in the job's exception history.
     */
    private String restarts(String job) throws Exception {
        for (int attempt = 0; attempt < 150; attempt++) {
            JsonNode metric = get("/jobs/" + job + "/metrics?get=numRestarts").path(0);
            if (metric.has("value")) {
                return metric.path("value").asText();
            }
            Thread.sleep(200);
        }
        int failures =
                get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size();
        return "%d (failures in the exception history; no numRestarts metric)".formatted(failures);
    }

    private int workerParallelism(String job) throws Exception {
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            if (vertex.path("name").asText().startsWith("worker ")) {
                return vertex.path("parallelism").asInt();
            }
        }
        return -1;
    }

    private int taskManagers() {
        try {
            return get("/overview").path("taskmanagers").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    private int freeSlots() {
        try {
            return get("/overview").path("slots-available").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(rest.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private int firstJpeg() {
        for (int i = 0; i < sampleNames.size(); i++) {
            if (sampleNames.get(i).endsWith(".jpg")) {
                return i;
            }
        }
        throw new IllegalStateException("samples/ has no JPEG, expected house.jpg or red-ball.jpg");
    }

    /** Runs a command of this checkout (scripts/...), returning its output; fails on non-zero. */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(
                        "%s exited with %d: %s"
                                .formatted(List.of(command), process.exitValue(), out));
            }
            if (!command[0].equals("jcmd")) {
                // jcmd output is parsed, not logged.
                log("%s: %s", String.join(" ", command), out.strip().replace('\n', ' '));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + List.of(command), e);
        }
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        if (!waitUntilQuietly(timeout, condition)) {
            throw new IllegalStateException("gave up waiting " + timeout + " for: " + what);
        }
    }

    private static boolean waitUntilQuietly(Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private void table(List<String> header, List<List<String>> rows) {
        report.append("| ").append(String.join(" | ", header)).append(" |\n");
        report.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            report.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        report.append("\n");
    }

    private static String lostLine(Outcome outcome) {
        return outcome.lost.isEmpty()
                ? ""
                : "Lost: %s\n\n".formatted(truncate(outcome.lost.toString(), 400));
    }

    private static String millis(long at, long from) {
        return at <= 0 || from <= 0 ? "not seen" : (at - from) + " ms";
    }

    private static String mib(long bytes) {
        return "%.0f MiB".formatted(bytes / 1048576.0);
    }

    private static String kib(long bytes) {
        return "%.0f KiB".formatted(bytes / 1024.0);
    }

    private static long sum(Map<String, Long> values) {
        return values.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String truncate(String text, int length) {
        String line = text.replace('\n', ' ').replace("|", "\\|").replace("`", "'");
        return line.length() <= length ? line : line.substring(0, length) + "…";
    }

    private static void log(String format, Object... args) {
        System.out.printf(
                Locale.ROOT,
                "%tT reliability: %s%n",
                System.currentTimeMillis(),
                format.formatted(args));
    }

    interface Step {
        void run(int published) throws Exception;
    }

    static final class Outcome {
        int resultRecords;
        int distinctResults;
        int duplicates;
        int errorRecords;
        List<String> lost = List.of();
        long completeAtMs;
    }

    static final class Sample {
        int published;
        int results;
        final Map<String, Long> heapAfterGc = new TreeMap<>();
        final Map<String, Long> rss = new TreeMap<>();
        long checkpointStateBytes;
        long checkpointedBytes;
        long savepointBytes;
    }

    record Received(String key, long atMs, String reason) {}

    /** A scenario's own topics and consumer group, so its counts start from zero. */
    record Topics(String images, String results, String errors, String group) {

        static Topics create(Reliability run, String scenario) throws Exception {
            String prefix = "rel-%s-%d".formatted(scenario, System.currentTimeMillis());
            Topics topics =
                    new Topics(prefix + ".images", prefix + ".results", prefix + ".errors", prefix);
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    run.bootstrapServers))) {
                admin.createTopics(
                                List.of(
                                        new NewTopic(topics.images, 1, (short) 1),
                                        new NewTopic(topics.results, 1, (short) 1),
                                        new NewTopic(topics.errors, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            return topics;
        }
    }

    /** Reads the results and errors topics from the start as a read_committed consumer. */
    final class Collector implements AutoCloseable {
        private final List<Received> results = new CopyOnWriteArrayList<>();
        private final List<Received> errors = new CopyOnWriteArrayList<>();
        private final Set<String> resultKeys = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Collector(Topics topics) {
            Properties settings = new Properties();
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                            settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TopicPartition resultsPartition = new TopicPartition(topics.results, 0);
            TopicPartition errorsPartition = new TopicPartition(topics.errors, 0);
            consumer.assign(List.of(resultsPartition, errorsPartition));
            consumer.seekToBeginning(List.of(resultsPartition, errorsPartition));
            thread =
                    new Thread(
                            () -> {
                                try (consumer) {
                                    while (running.get()) {
                                        for (ConsumerRecord<byte[], byte[]> record :
                                                consumer.poll(Duration.ofMillis(100))) {
                                            take(record, topics);
                                        }
                                    }
                                }
                            },
                            "collector");
            thread.setDaemon(true);
            thread.start();
        }

        private void take(ConsumerRecord<byte[], byte[]> record, Topics topics) {
            String key =
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            long now = System.currentTimeMillis();
            if (record.topic().equals(topics.results)) {
                results.add(new Received(key, now, null));
                if (key != null) {
                    resultKeys.add(key);
                }
            } else {
                String reason;
                try {
                    reason = JSON.readTree(record.value()).path("reason").asText();
                } catch (IOException e) {
                    reason = "unreadable error record: " + e.getMessage();
                }
                errors.add(new Received(key, now, reason));
            }
        }

        List<Received> results() {
            return results;
        }

        List<Received> errors() {
            return errors;
        }

        int distinctResults(List<String> keys) {
            int count = 0;
            for (String key : keys) {
                if (resultKeys.contains(key)) {
                    count++;
                }
            }
            return count;
        }

        long firstResultAfter(long atMs) {
            if (atMs <= 0) {
                return 0;
            }
            return results.stream()
                    .mapToLong(Received::atMs)
                    .filter(at -> at >= atMs)
                    .min()
                    .orElse(0);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    /** An idempotent producer to a scenario's images topic. */
    final class Producer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;

        Producer(String topic) {
            this.topic = topic;
            Properties settings = new Properties();
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
            producer =
                    new KafkaProducer<>(
                            settings, new ByteArraySerializer(), new ByteArraySerializer());
        }

        void send(String key, byte[] value, Map<String, byte[]> headers) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            topic,
                            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                            value);
            headers.forEach((name, headerValue) -> record.headers().add(name, headerValue));
            producer.send(
                    record,
                    (metadata, failure) -> {
                        if (failure != null) {
                            log(
                                    "publishing %s failed: %s",
                                    truncate(String.valueOf(key), 40), failure);
                        }
                    });
        }

        void flush() {
            producer.flush();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Polls the job's state and keeps each change with its time. */
    final class JobWatch {
        private final String job;
        private final List<long[]> times = new CopyOnWriteArrayList<>();
        private final List<String> states = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        JobWatch(String job) {
            this.job = job;
        }

        void start() {
            thread =
                    new Thread(
                            () -> {
                                String last = "";
                                while (running.get()) {
                                    String state = jobState(job);
                                    if (!state.equals(last)) {
                                        times.add(new long[] {System.currentTimeMillis()});
                                        states.add(state);
                                        last = state;
                                    }
                                    try {
                                        Thread.sleep(100);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "job-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(2_000);
        }

        long firstStateAfter(String state, long atMs) {
            for (int i = 0; i < states.size(); i++) {
                if (states.get(i).equals(state) && times.get(i)[0] > atMs && atMs > 0) {
                    return times.get(i)[0];
                }
            }
            return 0;
        }

        String transitionsAfter(long atMs) {
            List<String> changes = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                if (times.get(i)[0] >= atMs && atMs > 0) {
                    changes.add("%s +%d ms".formatted(states.get(i), times.get(i)[0] - atMs));
                }
            }
            return changes.isEmpty() ? "none" : String.join(", ", changes);
        }
    }

    /** One kind of malformed record, made from a seeded random source. */
    record Malformed(String name, String description, Maker maker) {

        interface Maker {
            Record make(String key, Random random);
        }

        record Record(String key, byte[] value, Map<String, byte[]> headers) {}

        Record make(String key, Random random) {
            return maker.make(key, random);
        }

        static List<Malformed> kinds(byte[] jpeg, Random seed) {
            return List.of(
                    new Malformed(
                            "random-bytes",
                            "1-4096 random bytes",
                            (key, random) -> {
                                byte[] value = new byte[1 + random.nextInt(4096)];
                                random.nextBytes(value);
                                return new Record(key, value, Map.of());
                            }),
                    new Malformed(
                            "truncated-jpeg",
                            "a sample JPEG cut at a random length",
                            (key, random) ->
                                    new Record(
                                            key,
                                            Arrays.copyOf(
                                                    jpeg, 4 + random.nextInt(jpeg.length - 8)),
                                            Map.of())),
                    new Malformed(
                            "huge-png",
                            "PNG header declaring up to 2^31 x 2^31 pixels",
                            (key, random) ->
                                    new Record(
                                            key,
                                            png(
                                                    10_000
                                                            + random.nextInt(
                                                                    Integer.MAX_VALUE - 10_000),
                                                    10_000
                                                            + random.nextInt(
                                                                    Integer.MAX_VALUE - 10_000)),
                                            Map.of())),
                    new Malformed(
                            "large-png",
                            "PNG header declaring 6000 x 6000 (under the pixel limit), no data",
                            (key, random) -> new Record(key, png(6000, 6000), Map.of())),
                    new Malformed(
                            "huge-npy",
                            ".npy header declaring a (1, 3, 100000, 100000) tensor",
                            (key, random) ->
                                    new Record(key, npy("(1, 3, 100000, 100000)"), Map.of())),
                    new Malformed(
                            "empty-value",
                            "a zero-byte value",
                            (key, random) -> new Record(key, new byte[0], Map.of())),
                    new Malformed(
                            "null-value",
                            "no value (a tombstone)",
                            (key, random) -> new Record(key, null, Map.of())),
                    new Malformed(
                            "no-key",
                            "a good image without a key",
                            (key, random) -> new Record(null, jpeg, Map.of())),
                    new Malformed(
                            "long-key",
                            "a good image keyed by a 10 000-character id",
                            (key, random) ->
                                    new Record(
                                            "bad-long-key-"
                                                    + key.replaceAll("\\D", "")
                                                    + "-"
                                                    + "x".repeat(10_000),
                                            jpeg,
                                            Map.of())),
                    new Malformed(
                            "wrong-model",
                            "model header 'resnet50'",
                            (key, random) ->
                                    new Record(key, jpeg, Map.of("model", utf8("resnet50")))),
                    new Malformed(
                            "bad-submitted-at",
                            "submitted-at header 'yesterday'",
                            (key, random) ->
                                    new Record(
                                            key, jpeg, Map.of("submitted-at", utf8("yesterday")))),
                    new Malformed(
                            "bad-logits",
                            "logits header 'maybe'",
                            (key, random) ->
                                    new Record(key, jpeg, Map.of("logits", utf8("maybe")))),
                    new Malformed(
                            "long-header",
                            "model header of 4096 characters",
                            (key, random) ->
                                    new Record(
                                            key, jpeg, Map.of("model", utf8("v".repeat(4096))))));
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        /** A PNG signature and a valid IHDR chunk for the given size, then nothing. */
        private static byte[] png(int width, int height) {
            ByteBuffer ihdr = ByteBuffer.allocate(17);
            ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII));
            ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2);
            ihdr.put((byte) 0).put((byte) 0).put((byte) 0);
            CRC32 crc = new CRC32();
            crc.update(ihdr.array());
            ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
            png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
            return png.array();
        }

        /** A float32 .npy header declaring {@code shape}, with a few bytes of data. */
        private static byte[] npy(String shape) {
            String header =
                    "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }".formatted(shape);
            int padded = ((10 + header.length() + 1 + 63) / 64) * 64 - 10;
            header = header + " ".repeat(padded - header.length() - 1) + "\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >> 8);
            out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[16]);
            return out.toByteArray();
        }
    }
}
