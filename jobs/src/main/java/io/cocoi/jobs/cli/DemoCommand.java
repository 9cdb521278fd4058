package io.cocoi.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cocoi.jobs.client.ImagePublisher;
import io.cocoi.jobs.client.OutputReader;
import io.cocoi.jobs.pipeline.Topics;
import io.cocoi.operators.djl.ModelExecutor;
import io.cocoi.operators.djl.TorchRuntime;
import io.cocoi.operators.image.ImagePreprocessor;
import io.cocoi.operators.image.ImageRejectedException;
import io.cocoi.operators.stream.PipelineSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cocoi demo}: the whole system in one process. A KRaft Kafka broker and a Flink MiniCluster
 * with n + 1 one-slot TaskManagers start on 127.0.0.1, the job runs on them, the sample images (or
 * a folder of yours) are published, and every result is printed with a summary of per-layer times;
 * then everything stops.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Runs the coded inference job on an in-process Kafka broker and Flink cluster and"
                        + " classifies the sample images (or --images).")
final class DemoCommand implements Callable<Integer> {

    private static final String WARM_UP_ID = "warm-up";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin JobOptions job;

    @Option(
            names = "--images",
            defaultValue = "samples",
            description = "image files or folders to classify (default: ${DEFAULT-VALUE})")
    List<Path> images;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            description =
                    "Flink web UI port on 127.0.0.1, 0 for any free one (default:"
                            + " ${DEFAULT-VALUE})")
    int webUiPort;

    @Option(
            names = "--state-backend",
            defaultValue = "rocksdb",
            description = "rocksdb or hashmap (default: ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(
            names = "--flink",
            description = "a Flink setting for the embedded cluster, KEY=VALUE (repeatable)")
    Map<String, String> flinkSettings = Map.of();

    @Option(
            names = "--one-at-a-time",
            description =
                    "publish the next image only after the previous one's result, to see"
                            + " each image's latency without queueing")
    boolean oneAtATime;

    @Option(
            names = "--no-warm-up",
            description =
                    "count the first request too; by default one image is sent first, as a"
                            + " warm-up of the cold JVMs and PyTorch, and not counted")
    boolean noWarmUp;

    @Option(
            names = "--timeout-s",
            defaultValue = "600",
            description = "give up waiting for results after this long (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PipelineSpec pipeline;
        List<Path> files;
        if (job.torchThreads == 0) {
            // n + 1 TaskManagers share this machine's cores: one PyTorch thread each unless told.
            job.torchThreads = 1;
        }
        try {
            pipeline = job.toSpec();
            files = ImagePublisher.files(images);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "no image files in " + images);
        }
        out.println(describe(pipeline));
        out.flush();

        boolean answered;
        try (LocalCluster cluster =
                LocalCluster.start(pipeline.workers(), webUiPort, stateBackend())) {
            out.printf(
                    "Kafka at %s, Flink web UI at %s%n",
                    cluster.bootstrapServers(), cluster.webUiUrl());
            out.flush();
            JobClient client =
                    cluster.submit(
                            pipeline,
                            Topics.IMAGES,
                            Topics.RESULTS,
                            Topics.ERRORS,
                            "cocoi demo " + pipeline.model());
            try {
                answered = run(out, cluster, pipeline, files, cluster.watch(client));
            } finally {
                client.cancel().get();
            }
        }
        return answered ? 0 : 1;
    }

    /** Publishes and prints; false when the job stopped running before every image was answered. */
    private boolean run(
            PrintWriter out,
            LocalCluster cluster,
            PipelineSpec pipeline,
            List<Path> files,
            JobWatch watch)
            throws Exception {
        Properties kafka = cluster.kafkaClient();
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, JsonNode> errors = new LinkedHashMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        int sent = 0;
        try (ImagePublisher publisher = new ImagePublisher(kafka, Topics.IMAGES);
                OutputReader reader =
                        new OutputReader(kafka, List.of(Topics.RESULTS, Topics.ERRORS), true)) {
            if (!noWarmUp) {
                String failure = warmUp(out, publisher, reader, files.get(0), pipeline, watch, end);
                if (failure != null) {
                    out.println("The job is not running: " + failure);
                    out.flush();
                    return false;
                }
            }

            int batch = oneAtATime ? 1 : files.size();
            for (int next = 0; next < files.size(); next += batch) {
                List<Path> some = files.subList(next, Math.min(files.size(), next + batch));
                sent += publisher.publish(some, pipeline.model(), false).size();
                while (results.size() + errors.size() < sent && System.nanoTime() < end) {
                    String failure = watch.failure();
                    if (failure != null) {
                        out.println("The job is not running: " + failure);
                        out.flush();
                        return false;
                    }
                    reader.poll(
                            Duration.ofMillis(200),
                            (topic, value) -> {
                                String id = value.path("request_id").asText();
                                if (topic.equals(Topics.RESULTS)
                                        && results.put(id, value) == null) {
                                    out.println(ResultLines.result(value));
                                } else if (topic.equals(Topics.ERRORS)
                                        && errors.put(id, value) == null) {
                                    out.println(ResultLines.error(value));
                                }
                                out.flush();
                            });
                }
            }
        }
        if (results.size() + errors.size() < sent) {
            out.printf(
                    "Timed out after %d s with %d of %d images answered.%n",
                    timeoutSeconds, results.size() + errors.size(), sent);
        }
        out.println();
        if (!oneAtATime && sent > 1) {
            out.printf(
                    "All %d images were in flight at once, so their latency includes queueing"
                            + " behind each other; --one-at-a-time gives per-image latency.%n",
                    sent);
        }
        out.println(
                ResultLines.layerSummary(
                        new ArrayList<>(results.values()), ResultLines.timing(pipeline)));
        out.println(localInference(pipeline, files));
        out.flush();
        return results.size() + errors.size() == sent;
    }

    /**
     * Sends {@code file} once under the request id {@value #WARM_UP_ID} and waits for its answer,
     * which is printed but not counted; returns why the job stopped, or null.
     */
    private static String warmUp(
            PrintWriter out,
            ImagePublisher publisher,
            OutputReader reader,
            Path file,
            PipelineSpec pipeline,
            JobWatch watch,
            long endNanos)
            throws Exception {
        long start = System.nanoTime();
        publisher
                .publish(
                        WARM_UP_ID, java.nio.file.Files.readAllBytes(file), pipeline.model(), false)
                .get();
        boolean[] answered = {false};
        while (!answered[0] && System.nanoTime() < endNanos) {
            String failure = watch.failure();
            if (failure != null) {
                return failure;
            }
            reader.poll(
                    Duration.ofMillis(200),
                    (topic, value) -> {
                        if (WARM_UP_ID.equals(value.path("request_id").asText())) {
                            answered[0] = true;
                        }
                    });
        }
        out.printf(
                "Warm-up request (%s, not counted) answered in %d ms%n",
                file.getFileName(), (System.nanoTime() - start) / 1_000_000);
        out.flush();
        return null;
    }

    private Configuration stateBackend() {
        if (!List.of("rocksdb", "hashmap").contains(stateBackend)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--state-backend '%s', expected rocksdb or hashmap".formatted(stateBackend));
        }
        Configuration settings = Configuration.fromMap(flinkSettings);
        settings.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        return settings;
    }

    /** The same images through single-process local inference, for comparison. */
    private static String localInference(PipelineSpec pipeline, List<Path> files)
            throws java.io.IOException {
        ImagePreprocessor preprocessor =
                ImagePreprocessor.forCropSize(pipeline.variant().imageSize());
        List<Double> millis = new ArrayList<>();
        try (ModelExecutor local = ModelExecutor.create(pipeline.graph(), pipeline.weights())) {
            for (Path file : files) {
                float[] input;
                try {
                    input = preprocessor.preprocess(java.nio.file.Files.readAllBytes(file));
                } catch (ImageRejectedException rejected) {
                    continue;
                }
                local.infer(input);
                long start = System.nanoTime();
                local.infer(input);
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return millis.isEmpty()
                ? ""
                : String.format(
                        Locale.ROOT,
                        "Local single-process inference of the same images (same weights, %d"
                                + " PyTorch threads): median %.0f ms.",
                        TorchRuntime.threads(),
                        ResultLines.median(millis));
    }

    private static String describe(PipelineSpec pipeline) {
        StringBuilder text =
                new StringBuilder(
                        "CoCoI demo: %s %s on n = %d workers, %s"
                                .formatted(
                                        pipeline.model(),
                                        pipeline.variant(),
                                        pipeline.workers(),
                                        pipeline.codedSteps().isEmpty()
                                                ? "no distributed layers"
                                                : pipeline.codedSteps().get(0).code().cliName()));
        text.append(String.format(Locale.ROOT, "%nWorker time: %s", ResultLines.timing(pipeline)));
        text.append(String.format(Locale.ROOT, "%nDistributed layers (k):"));
        for (int layer = 0; layer < pipeline.codedSteps().size(); layer++) {
            text.append(' ')
                    .append(pipeline.layerName(layer))
                    .append('=')
                    .append(pipeline.codedStep(layer).k());
        }
        return text.toString();
    }
}
