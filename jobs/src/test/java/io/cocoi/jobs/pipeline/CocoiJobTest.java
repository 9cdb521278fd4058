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
import io.cocoi.operators.stream.PipelineSpec;
import io.cocoi.operators.stream.WorkerFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        PipelineSpec spec = spec(3, WorkerFaults.none());
        Map<String, byte[]> images = sampleImages(5);
        JobClient job = harness.run(spec);
        try {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            images.forEach(
                    (id, bytes) ->
                            records.add(
                                    JobHarness.image(
                                            id,
                                            bytes,
                                            Map.of("model", "vgg16", "logits", "true"))));
            harness.publish(records);

            List<JsonNode> results = harness.read(Topics.RESULTS, images.size(), RESULTS_TIMEOUT);

            assertThat(results)
                    .extracting(r -> r.get("request_id").asText())
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
                    assertThat(result.get("degraded").asBoolean()).isFalse();
                    assertThat(result.get("layers")).hasSize(13);
                    for (JsonNode layer : result.get("layers")) {
                        assertThat(layer.get("k").asInt()).isEqualTo(3);
                        assertThat(layer.get("workers").size()).isEqualTo(3);
                    }
                }
            }
        } finally {
            job.cancel().get();
        }
    }

    private static PipelineSpec spec(int k, WorkerFaults faults) {
        Map<String, Integer> kByConvolution = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : Models.vgg16(VARIANT).convolutions()) {
            kByConvolution.put(convolution.name(), k);
        }
        return PipelineSpec.builder()
                .setModel("vgg16")
                .optVariant(VARIANT)
                .setWorkers(WORKERS)
                .setK(kByConvolution)
                .optCode(CodeKind.SYSTEMATIC)
                .optWeightSeed(7)
                .optFaults(faults)
                .optLayerTimeout(Duration.ofSeconds(20))
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
