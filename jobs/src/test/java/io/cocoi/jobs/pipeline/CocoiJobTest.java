package io.cocoi.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.djl.ModelExecutor;
import io.cocoi.operators.engine.Logits;
import io.cocoi.operators.image.ImagePreprocessor;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.stream.AdaptivePlanning;
import io.cocoi.operators.stream.PipelineSpec;
import io.cocoi.operators.stream.WorkerFaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job end to end on a real broker and a MiniCluster with n + 1 TaskManagers. */
class CocoiJobTest {

    private static final int WORKERS = 4;

    /** A quarter-width VGG16 on 64-pixel images: every layer of the real one, fast on 2 cores. */
    private static final ModelVariant VARIANT = new ModelVariant(8, 64);

    /** The bound on the relative L2 distance of coded and local logits. */
    private static final double LOGITS_TOLERANCE = 1e-4;

    private static final Duration RESULTS_TIMEOUT = Duration.ofMinutes(2);

    /** Long enough that only injected failures make a layer miss its deadline. */
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(20);

    /** Short, for the test that waits for every layer's deadline. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(800);

    private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(30);

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = JobHarness.start(WORKERS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void codedResultsEqualLocalInference() throws Exception {
        Map<String, Map<Integer, String>> placement = new HashMap<>();
        List<JsonNode> results =
                runImages(
                        "clean",
                        spec(3, WorkerFaults.none(), LONG_TIMEOUT),
                        5,
                        "vgg16",
                        job -> placement.putAll(harness.placement(job.getJobID())));

        // Every master operator shares one TaskManager; worker i of every layer shares another.
        java.util.Set<String> masters = new java.util.HashSet<>();
        Map<Integer, java.util.Set<String>> workers = new HashMap<>();
        placement.forEach(
                (vertex, subtasks) -> {
                    if (vertex.startsWith("worker ")) {
                        subtasks.forEach(
                                (index, taskManager) ->
                                        workers.computeIfAbsent(
                                                        index, i -> new java.util.HashSet<>())
                                                .add(taskManager));
                    } else {
                        masters.addAll(subtasks.values());
                    }
                });
        assertThat(masters).hasSize(1);
        assertThat(workers).hasSize(WORKERS);
        java.util.Set<String> devices = new java.util.HashSet<>(masters);
        for (java.util.Set<String> worker : workers.values()) {
            assertThat(worker).hasSize(1);
            devices.addAll(worker);
        }
        assertThat(devices)
                .as("master and %d workers on distinct TaskManagers", WORKERS)
                .hasSize(WORKERS + 1);

        for (JsonNode result : results) {
            assertThat(result.get("degraded").asBoolean()).isFalse();
            assertThat(result.get("layers")).hasSize(13);
            for (JsonNode layer : result.get("layers")) {
                assertThat(layer.get("k").asInt()).isEqualTo(3);
                assertThat(layer.get("workers").size()).isEqualTo(3);
                assertThat(layer.get("degraded").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void resnetSkipConnectionsSurviveTheUnrolledPipeline() throws Exception {
        Map<String, Integer> kByConvolution = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : Models.resnet18(VARIANT).convolutions()) {
            kByConvolution.put(
                    convolution.name(), Math.min(3, convolution.shape().splitOutputExtent()));
        }
        PipelineSpec resnet =
                PipelineSpec.builder()
                        .setModel("resnet18")
                        .optVariant(VARIANT)
                        .setWorkers(WORKERS)
                        .setK(kByConvolution)
                        .optWeightSeed(11)
                        .optLayerTimeout(LONG_TIMEOUT)
                        .build();

        List<JsonNode> results = runImages("resnet", resnet, 2, "resnet18", job -> {});

        for (JsonNode result : results) {
            assertThat(result.get("layers")).hasSize(17);
            assertThat(result.get("degraded").asBoolean()).isFalse();
        }
    }

    @Test
    void aLostTaskManagerRecomputesRequestsWithTheSameResult() throws Exception {
        JobHarness.TestTopics topics = harness.topics("recovery");
        PipelineSpec spec = spec(3, WorkerFaults.none(), LONG_TIMEOUT);
        Map<String, byte[]> images = sampleImages(6);
        JobClient job = harness.run(spec, topics);
        try {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            images.forEach(
                    (id, bytes) ->
                            records.add(
                                    JobHarness.image(
                                            topics.images(), id, bytes, Map.of("logits", "true"))));
            harness.publish(records.subList(0, 3));
            harness.read(topics.results(), 1, RESULTS_TIMEOUT);

            // Lose a TaskManager mid-stream, then give the cluster a new one to recover on.
            harness.flink.miniCluster().terminateTaskManager(0).get();
            harness.flink.miniCluster().startTaskManager();
            harness.publish(records.subList(3, 6));

            Map<String, List<float[]>> logitsById = new HashMap<>();
            long end = System.nanoTime() + RESULTS_TIMEOUT.toNanos();
            while (logitsById.size() < images.size() && System.nanoTime() < end) {
                logitsById.clear();
                for (JsonNode result : harness.read(topics.results(), 6, Duration.ofSeconds(5))) {
                    logitsById
                            .computeIfAbsent(
                                    result.get("request_id").asText(), id -> new ArrayList<>())
                            .add(floats(result.get("logits")));
                }
            }

            assertThat(logitsById).containsOnlyKeys(images.keySet());
            try (ModelExecutor local = ModelExecutor.create(spec.graph(), spec.weights())) {
                ImagePreprocessor preprocessor = ImagePreprocessor.forCropSize(VARIANT.imageSize());
                for (Map.Entry<String, List<float[]>> request : logitsById.entrySet()) {
                    float[] expected =
                            local.infer(preprocessor.preprocess(images.get(request.getKey())));
                    for (float[] logits : request.getValue()) {
                        assertThat(Logits.relativeL2Error(logits, expected))
                                .as(
                                        "%s, one of %d results",
                                        request.getKey(), request.getValue().size())
                                .isLessThanOrEqualTo(LOGITS_TOLERANCE);
                        assertThat(Logits.topIndices(logits, 5))
                                .containsExactly(Logits.topIndices(expected, 5));
                    }
                }
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void oneFailedWorkerCostsNothing() throws Exception {
        WorkerFaults oneFails = WorkerFaults.none().withFailed(1);
        List<JsonNode> results = runImages("one-fails", spec(3, oneFails, LONG_TIMEOUT), 3);

        for (JsonNode result : results) {
            assertThat(result.get("degraded").asBoolean()).isFalse();
            for (JsonNode layer : result.get("layers")) {
                assertThat(workers(layer)).hasSize(3).doesNotContain(1);
            }
        }
    }

    @Test
    void twoFailedWorkersOfFourDegradeButStayCorrect() throws Exception {
        WorkerFaults twoFail = WorkerFaults.none().withFailed(1).withFailed(2);
        List<JsonNode> results = runImages("two-fail", spec(3, twoFail, SHORT_TIMEOUT), 2);

        for (JsonNode result : results) {
            assertThat(result.get("degraded").asBoolean()).isTrue();
            for (JsonNode layer : result.get("layers")) {
                assertThat(layer.get("degraded").asBoolean()).isTrue();
                assertThat(workers(layer)).doesNotContain(1, 2);
            }
        }
    }

    @Test
    void aWorkerTwentyTimesSlowerIsRarelyWaitedFor() throws Exception {
        WorkerFaults slow = WorkerFaults.none().withSlowdown(3, 20);
        long[] dropped = new long[1];
        List<JsonNode> results =
                runImages(
                        "slow",
                        spec(3, slow, LONG_TIMEOUT),
                        3,
                        "vgg16",
                        job -> {
                            // Flink's REST metrics lag by a few seconds.
                            long end = System.nanoTime() + METRICS_TIMEOUT.toNanos();
                            while (dropped[0] == 0 && System.nanoTime() < end) {
                                Map<String, Long> metrics = harness.metrics(job.getJobID());
                                dropped[0] =
                                        metrics.getOrDefault("lateResults", 0L)
                                                + metrics.getOrDefault("tasksPastDeadline", 0L);
                                Thread.sleep(500);
                            }
                        });

        // Without the slowdown worker 3 would be among the first 3 of 4 in about 3/4 of the
        // decodes; on a loaded 2-core machine the others are sometimes delayed as much, so the
        // check is statistical rather than "never".
        int decodes = 0;
        int slowDecoded = 0;
        for (JsonNode result : results) {
            assertThat(result.get("degraded").asBoolean()).isFalse();
            for (JsonNode layer : result.get("layers")) {
                assertThat(workers(layer)).hasSize(3);
                decodes++;
                slowDecoded += workers(layer).contains(3) ? 1 : 0;
            }
        }
        assertThat(slowDecoded)
                .as("decodes that used the slow worker")
                .isLessThanOrEqualTo(decodes / 4);
        assertThat(dropped[0])
                .as("results of the slow worker dropped as late or past their deadline")
                .isPositive();
    }

    @Test
    void adaptivePlanningLowersKWhenAWorkerIsSlow() throws Exception {
        WorkerFaults slow = WorkerFaults.none().withSlowdown(3, 20);
        PipelineSpec adaptive =
                spec(
                        CodeKind.SYSTEMATIC,
                        WORKERS,
                        slow,
                        LONG_TIMEOUT,
                        new AdaptivePlanning(8, 1, 1.0));

        List<JsonNode> results = runImages("adaptive", adaptive, 4);

        // Every decode with k = n waits for the slow worker; its task times teach the master.
        List<Integer> ks = new ArrayList<>();
        for (JsonNode result : results) {
            assertThat(result.get("degraded").asBoolean()).isFalse();
            for (JsonNode layer : result.get("layers")) {
                assertThat(layer.get("n").asInt()).isEqualTo(WORKERS);
                assertThat(workers(layer)).hasSize(layer.get("k").asInt());
                ks.add(layer.get("k").asInt());
            }
        }
        assertThat(ks).as("k of every decoded layer").contains(WORKERS).anyMatch(k -> k < WORKERS);
    }

    @Test
    void uncodedRunsAFailedWorkersPartitionAgainOnAnotherWorker() throws Exception {
        PipelineSpec uncoded =
                spec(
                        CodeKind.UNCODED,
                        WORKERS,
                        WorkerFaults.none().withFailed(2),
                        SHORT_TIMEOUT,
                        null);

        // One image first: a cold worker's first convolutions can outlast the short deadline.
        List<JsonNode> results = runImages("uncoded", uncoded, 2, "vgg16", 1, job -> {});

        // Worker 2 never answers, so every layer re-dispatches at least its partition; on a loaded
        // machine another worker may miss the short deadline too, or even the second one.
        int completedByWorkers = 0;
        for (JsonNode layer : results.get(0).get("layers")) {
            assertThat(layer.get("k").asInt()).isEqualTo(WORKERS);
            assertThat(layer.get("redispatched").asInt()).isPositive();
            if (!layer.get("degraded").asBoolean()) {
                assertThat(workers(layer)).containsExactly(0, 1, 2, 3);
                completedByWorkers++;
            }
        }
        assertThat(completedByWorkers).as("layers the workers completed").isPositive();
    }

    @Test
    void ltStreamsSymbolsToTheWorkersUntilTheMasterCanDecode() throws Exception {
        Map<String, Integer> outputWidths = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : Models.vgg16(VARIANT).convolutions()) {
            outputWidths.put(convolution.name(), convolution.shape().splitOutputExtent());
        }
        PipelineSpec lt =
                PipelineSpec.builder()
                        .setModel("vgg16")
                        .optVariant(VARIANT)
                        .setWorkers(WORKERS)
                        .setK(outputWidths)
                        .optCode(CodeKind.LT)
                        .optWeightSeed(7)
                        .optLayerTimeout(LONG_TIMEOUT)
                        .build();

        List<JsonNode> results = runImages("lt", lt, 1);

        // k = W_O is 64 columns at the first layers: each worker streamed many symbols.
        JsonNode layers = results.get(0).get("layers");
        assertThat(results.get(0).get("degraded").asBoolean()).isFalse();
        assertThat(layers.get(0).get("k").asInt()).isEqualTo(64);
        for (int layer = 0; layer < layers.size(); layer++) {
            assertThat(layers.get(layer).get("k").asInt())
                    .isEqualTo(lt.layerShape(layer).splitOutputExtent());
        }
    }

    @Test
    void badRecordsBecomeErrorsAndTheJobGoesOn() throws Exception {
        JobHarness.TestTopics topics = harness.topics("bad");
        byte[] good = sampleImages(1).values().iterator().next();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(JobHarness.image(topics.images(), "good-1", good, Map.of()));
        records.add(JobHarness.image(topics.images(), "corrupt", corruptJpeg(good), Map.of()));
        records.add(
                JobHarness.image(topics.images(), "not-an-image", "hello".getBytes(), Map.of()));
        records.add(JobHarness.image(topics.images(), "huge", hugePng(), Map.of()));
        records.add(JobHarness.image(topics.images(), "alexnet", good, Map.of("model", "alexnet")));
        records.add(JobHarness.image(topics.images(), "good-2", good, Map.of("model", "vgg16")));

        JobClient job = harness.run(spec(3, WorkerFaults.none(), LONG_TIMEOUT), topics);
        try {
            harness.publish(records);
            List<JsonNode> errors = harness.read(topics.errors(), 4, RESULTS_TIMEOUT);
            List<JsonNode> results = harness.read(topics.results(), 2, RESULTS_TIMEOUT);

            assertThat(results)
                    .extracting(result -> result.get("request_id").asText())
                    .containsExactlyInAnyOrder("good-1", "good-2");
            Map<String, String> reasons = new HashMap<>();
            errors.forEach(
                    error ->
                            reasons.put(
                                    error.get("request_id").asText(),
                                    error.get("reason").asText()));
            assertThat(reasons).containsOnlyKeys("corrupt", "not-an-image", "huge", "alexnet");
            assertThat(reasons.get("huge")).contains("more than the limit of 40000000");
            assertThat(reasons.get("alexnet"))
                    .isEqualTo("unknown model 'alexnet', expected one of vgg16, resnet18");
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    /** Publishes {@code count} sample images, reads their results and checks them locally. */
    private static List<JsonNode> runImages(String test, PipelineSpec spec, int count)
            throws Exception {
        return runImages(test, spec, count, "vgg16", job -> {});
    }

    /** As above, calling {@code whileRunning} before the job is cancelled. */
    private static List<JsonNode> runImages(
            String test, PipelineSpec spec, int count, String model, JobCheck whileRunning)
            throws Exception {
        return runImages(test, spec, count, model, 0, whileRunning);
    }

    /**
     * As above, publishing the first {@code warmUp} images alone and waiting for their results
     * first; returns the results of the others, every result checked.
     */
    private static List<JsonNode> runImages(
            String test,
            PipelineSpec spec,
            int count,
            String model,
            int warmUp,
            JobCheck whileRunning)
            throws Exception {
        JobHarness.TestTopics topics = harness.topics(test);
        Map<String, byte[]> images = sampleImages(count);
        JobClient job = harness.run(spec, topics);
        try {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            images.forEach(
                    (id, bytes) ->
                            records.add(
                                    JobHarness.image(
                                            topics.images(),
                                            id,
                                            bytes,
                                            Map.of("model", model, "logits", "true"))));
            harness.publish(records.subList(0, warmUp));
            harness.read(topics.results(), warmUp, RESULTS_TIMEOUT);
            harness.publish(records.subList(warmUp, records.size()));
            List<JsonNode> results = harness.read(topics.results(), images.size(), RESULTS_TIMEOUT);

            assertThat(results)
                    .extracting(result -> result.get("request_id").asText())
                    .containsExactlyInAnyOrderElementsOf(images.keySet());
            try (ModelExecutor local = ModelExecutor.create(spec.graph(), spec.weights())) {
                ImagePreprocessor preprocessor = ImagePreprocessor.forCropSize(VARIANT.imageSize());
                for (JsonNode result : results) {
                    String id = result.get("request_id").asText();
                    float[] expected = local.infer(preprocessor.preprocess(images.get(id)));
                    float[] logits = floats(result.get("logits"));

                    assertThat(Logits.relativeL2Error(logits, expected))
                            .as(id)
                            .isLessThanOrEqualTo(LOGITS_TOLERANCE);
                    assertThat(Logits.topIndices(logits, 5))
                            .as(id)
                            .containsExactly(Logits.topIndices(expected, 5));
                }
            }
            whileRunning.accept(job);
            List<String> warmUpIds =
                    records.subList(0, warmUp).stream()
                            .map(record -> new String(record.key(), StandardCharsets.UTF_8))
                            .toList();
            return results.stream()
                    .filter(result -> !warmUpIds.contains(result.get("request_id").asText()))
                    .toList();
        } finally {
            job.cancel().get();
        }
    }

    /** A check that runs against the job before it is cancelled. */
    private interface JobCheck {
        void accept(JobClient job) throws Exception;
    }

    private static List<Integer> workers(JsonNode layer) {
        List<Integer> workers = new ArrayList<>();
        layer.get("workers").forEach(worker -> workers.add(worker.asInt()));
        return workers;
    }

    private static byte[] corruptJpeg(byte[] good) {
        byte[] corrupt = java.util.Arrays.copyOf(good, good.length / 3);
        java.util.Arrays.fill(corrupt, 40, corrupt.length, (byte) 0x5A);
        return corrupt;
    }

    /** A PNG header that declares 10 000 × 10 000 pixels (100 megapixels) and nothing else. */
    private static byte[] hugePng() {
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put("IHDR".getBytes()).putInt(10_000).putInt(10_000);
        png.put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
        return png.array();
    }

    private static PipelineSpec spec(int k, WorkerFaults faults, Duration layerTimeout) {
        return spec(CodeKind.SYSTEMATIC, k, faults, layerTimeout, null);
    }

    private static PipelineSpec spec(
            CodeKind code,
            int k,
            WorkerFaults faults,
            Duration layerTimeout,
            AdaptivePlanning adaptive) {
        Map<String, Integer> kByConvolution = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : Models.vgg16(VARIANT).convolutions()) {
            kByConvolution.put(convolution.name(), k);
        }
        return PipelineSpec.builder()
                .optAdaptive(adaptive)
                .setModel("vgg16")
                .optVariant(VARIANT)
                .setWorkers(WORKERS)
                .setK(kByConvolution)
                .optCode(code)
                .optWeightSeed(7)
                .optFaults(faults)
                .optLayerTimeout(layerTimeout)
                .build();
    }

    private static Map<String, byte[]> sampleImages(int count) throws Exception {
        Path samples = Path.of("..", "samples");
        List<Path> files;
        try (var listing = Files.list(samples)) {
            files =
                    listing.filter(file -> file.toString().matches(".*\\.(jpg|png)$"))
                            .sorted()
                            .toList();
        }
        Map<String, byte[]> images = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Path file = files.get(i % files.size());
            images.put("image-" + i + "-" + file.getFileName(), Files.readAllBytes(file));
        }
        return images;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
