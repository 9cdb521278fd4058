package io.cocoi.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.LtSimulation;
import io.cocoi.jobs.bench.BenchCsv;
import io.cocoi.jobs.bench.BenchReport;
import io.cocoi.jobs.bench.BenchRow;
import io.cocoi.jobs.bench.BenchSettings;
import io.cocoi.jobs.client.ImagePublisher;
import io.cocoi.jobs.client.OutputReader;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.stream.PipelineSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cocoi bench}: the paper's evaluation (section V) through the real job. For every model,
 * scenario and method it starts the CoCoI job on one in-process Kafka broker and Flink cluster (n +
 * 1 TaskManagers), sends one warm-up image and then r repetitions one at a time, and writes the raw
 * rows, a markdown report and the plots to an output folder. Worker device time is emulated; the
 * report says with which profile and scale.
 *
 * <p>CoCoI-k* runs the job once per trial k (every k, or k° plus offsets) in every layer, takes per
 * layer the k with the least mean layer latency, and runs the job with those. LtCoI-k_l splits each
 * layer into W_O; LtCoI-k_s takes per layer the k ≤ n that the LT simulation finds best for the
 * scenario.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Runs the paper's scenarios for chosen models and methods through the job on an"
                        + " in-process cluster with emulated device time, and writes a CSV, a"
                        + " markdown report and plots.")
final class BenchCommand implements Callable<Integer> {

    static final String FULL_SCENARIOS =
            "transmission:0.2,transmission:0.4,transmission:0.6,transmission:0.8,"
                    + "transmission:1.0,failures:0,failures:1,failures:2,failures-straggler:0,"
                    + "failures-straggler:1,failures-straggler:2";

    private static final int PROGRESS_WIDTH = 30;
    private static final Duration RESULT_POLL = Duration.ofMillis(50);
    private static final int LT_SAMPLES = 2_000;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "vgg16,resnet18",
            description = "models to run (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(
            names = "--methods",
            split = ",",
            defaultValue = "cocoi-planned,cocoi-best,uncoded,replication,lt-small,lt-large",
            description =
                    "cocoi-planned, cocoi-best, cocoi-adaptive, uncoded, replication, lt-small,"
                            + " lt-large (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(
            names = "--scenarios",
            split = ",",
            defaultValue = FULL_SCENARIOS,
            description =
                    "none, transmission:LAMBDA, failures:NF, failures-straggler:NF (default: the"
                            + " paper's set)")
    List<String> scenarios;

    @Option(
            names = "--repetitions",
            defaultValue = "20",
            description = "requests per model, scenario and method (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(
            names = "--best-k",
            defaultValue = "all",
            description =
                    "k tried for cocoi-best: 'all' (k = 1..n in every layer) or offsets to k°,"
                            + " e.g. -1,+1 (default: ${DEFAULT-VALUE})")
    String bestK;

    @Option(names = "--workers", defaultValue = "10", description = "n (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(
            names = "--width-divisor",
            defaultValue = "1",
            description =
                    "compute a reduced model; emulated times stay those of the full model"
                            + " (default: ${DEFAULT-VALUE})")
    int widthDivisor;

    @Option(
            names = "--image-size",
            defaultValue = "224",
            description = "input size of the computed model (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(
            names = "--emulate",
            defaultValue = ModelProfiles.PI4B,
            description = "device profile: pi4b or a file (default: ${DEFAULT-VALUE})")
    String emulate;

    @Option(
            names = "--emulation-scale",
            defaultValue = "0.1",
            description = "factor on emulated device times (default: ${DEFAULT-VALUE})")
    double emulationScale;

    @Option(
            names = "--scenario-seed",
            defaultValue = "1",
            description = "seed of the scenario draws (default: ${DEFAULT-VALUE})")
    long scenarioSeed;

    @Option(
            names = "--layer-timeout-ms",
            defaultValue = "3000",
            description = "deadline per distributed layer (default: ${DEFAULT-VALUE})")
    long layerTimeoutMs;

    @Option(
            names = "--image",
            defaultValue = "samples/house.jpg",
            description = "the image every request sends (default: ${DEFAULT-VALUE})")
    Path image;

    @Option(
            names = "--output",
            defaultValue = "results/bench",
            description =
                    "folder for results.csv, report.md and the plots (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(
            names = "--job-option",
            description = "a further option for every job, e.g. --job-option=--torch-threads=1")
    List<String> extraJobOptions = List.of();

    @Option(
            names = "--append",
            description =
                    "add to the rows and commands already in the output folder instead of"
                            + " starting afresh")
    boolean append;

    @Option(
            names = "--report-only",
            description = "rewrite report.md and the plots from the output folder's results.csv")
    boolean reportOnly;

    @Option(
            names = "--invoked-as",
            description = "the command a script ran, shown first in the report")
    String invokedAs;

    @Option(names = "--verbose", description = "log CoCoI's info messages (default: errors only)")
    boolean verbose;

    private final List<BenchRow> rows = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final Map<String, Map<String, Integer>> plannedCache = new LinkedHashMap<>();
    private final List<Long> startupMillis = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private int runsDone;
    private int runsTotal;
    private long startNanos;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<BenchMethod> chosen = new ArrayList<>();
        List<ScenarioOption> chosenScenarios = new ArrayList<>();
        byte[] imageBytes;
        try {
            methods.forEach(name -> chosen.add(BenchMethod.parse(name)));
            scenarios.forEach(text -> chosenScenarios.add(ScenarioOption.parse(text)));
            models.forEach(model -> Models.byName(model, ModelVariant.FULL));
            if (repetitions < 1) {
                throw new IllegalArgumentException(
                        "--repetitions %d, expected 1 or more".formatted(repetitions));
            }
            // Checks --best-k before anything starts.
            bestTrials(Map.of("probe", 1), Map.of("probe", 1));
            if (emulate.trim().equalsIgnoreCase("none")) {
                throw new IllegalArgumentException(
                        "--emulate none: the bench needs device emulation, pi4b or a profile file");
            }
            imageBytes = Files.readAllBytes(image);
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        chosen.sort(null);
        loadPrevious();
        if (reportOnly) {
            writeReport(out);
            return 0;
        }
        runsTotal = models.size() * chosenScenarios.size() * runsPerScenario(chosen);
        if (!verbose) {
            // Degraded decodes are counted in the report; their warnings would bury the progress.
            Configurator.setLevel("io.cocoi", Level.ERROR);
        }

        // Planning is CPU-heavy and leaves garbage: done before any job runs, not during one.
        for (String model : models) {
            for (ScenarioOption scenario : chosenScenarios) {
                plannedK(model, scenario);
            }
        }

        startNanos = System.nanoTime();
        Configuration settings = new Configuration();
        settings.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        try (LocalCluster cluster = LocalCluster.start(workers, 0, settings, false)) {
            for (String model : models) {
                for (ScenarioOption scenario : chosenScenarios) {
                    for (BenchMethod method : chosen) {
                        runMethod(cluster, model, scenario, method, imageBytes);
                    }
                }
            }
        } finally {
            System.err.println();
            writeReport(out);
        }
        return 0;
    }

    private void runMethod(
            LocalCluster cluster,
            String model,
            ScenarioOption scenario,
            BenchMethod method,
            byte[] imageBytes)
            throws Exception {
        Map<String, Integer> planned = plannedK(model, scenario);
        if (method == BenchMethod.COCOI_BEST) {
            runBest(cluster, model, scenario, planned, imageBytes);
            return;
        }
        Map<String, Integer> layerK =
                switch (method) {
                    case UNCODED, REPLICATION -> {
                        int k = method == BenchMethod.UNCODED ? workers : workers / 2;
                        Map<String, Integer> fixed = new LinkedHashMap<>();
                        extents(model, planned)
                                .forEach((layer, extent) -> fixed.put(layer, Math.min(k, extent)));
                        yield fixed;
                    }
                    case LT_LARGE -> extents(model, planned);
                    case LT_SMALL -> ltSmallK(model, scenario, planned);
                    default -> planned;
                };
        run(cluster, model, scenario, method.cliName, method, layerK, imageBytes);
    }

    /** CoCoI-k*: the trial runs, then a run with the k per layer that did best in them. */
    private void runBest(
            LocalCluster cluster,
            String model,
            ScenarioOption scenario,
            Map<String, Integer> planned,
            byte[] imageBytes)
            throws Exception {
        BenchMethod method = BenchMethod.COCOI_BEST;
        for (Map.Entry<String, Map<String, Integer>> trial :
                bestTrials(planned, extents(model, planned)).entrySet()) {
            run(
                    cluster,
                    model,
                    scenario,
                    BenchReport.TRIAL_PREFIX + trial.getKey(),
                    method,
                    trial.getValue(),
                    imageBytes);
        }
        Map<String, Integer> best = new LinkedHashMap<>();
        new BenchReport(rows, settings())
                .kChoices(model, scenario.kind().cliName, scenario.parameter())
                .forEach(choice -> best.put(choice.layer(), choice.bestK()));
        Map<String, Integer> byConvolution = new LinkedHashMap<>();
        Map<String, String> names = convolutionNames(model);
        best.forEach((layer, k) -> byConvolution.put(names.get(layer), k));
        run(cluster, model, scenario, method.cliName, method, byConvolution, imageBytes);
    }

    /**
     * The trial k maps of cocoi-best by label: every k (clamped to each layer's W_O), or k° plus
     * each offset (clamped to 1..min(n, W_O)).
     */
    private Map<String, Map<String, Integer>> bestTrials(
            Map<String, Integer> planned, Map<String, Integer> extents) {
        Map<String, Map<String, Integer>> trials = new LinkedHashMap<>();

        // k° itself runs as a trial too, so every candidate is timed on the same trial draws.
        trials.put("+0", new LinkedHashMap<>(planned));
        if (bestK.trim().equalsIgnoreCase("all")) {
            for (int k = 1; k <= workers; k++) {
                Map<String, Integer> trial = new LinkedHashMap<>();
                for (String layer : planned.keySet()) {
                    trial.put(layer, Math.min(k, extents.get(layer)));
                }
                trials.put("k=" + k, trial);
            }
            return trials;
        }
        for (String text : bestK.split(",")) {
            int offset;
            try {
                offset = Integer.parseInt(text.trim().replace("+", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--best-k '%s', expected 'all' or whole offsets such as -1,+1"
                                .formatted(bestK));
            }
            Map<String, Integer> trial = new LinkedHashMap<>();
            planned.forEach(
                    (layer, k) ->
                            trial.put(
                                    layer,
                                    Math.max(
                                            1,
                                            Math.min(
                                                    k + offset,
                                                    Math.min(workers, extents.get(layer))))));
            trials.putIfAbsent((offset >= 0 ? "+" : "") + offset, trial);
        }
        return trials;
    }

    private int runsPerScenario(List<BenchMethod> chosen) {
        int runs = 0;
        for (BenchMethod method : chosen) {
            if (method == BenchMethod.COCOI_BEST) {
                int trials = bestTrials(Map.of("probe", 1), Map.of("probe", 1)).size();
                runs += trials + 1;
            } else {
                runs++;
            }
        }
        return runs;
    }

    /**
     * k° per distributed convolution, planned for the scenario as the job would plan it. Every
     * method distributes these layers; on one narrower than n columns (ResNet18's last four)
     * Uncoded and Replication split into at most W_O partitions and leave some workers idle.
     */
    private Map<String, Integer> plannedK(String model, ScenarioOption scenario) {
        return plannedCache.computeIfAbsent(
                model + "/" + scenario.cliValue(), key -> planK(model, scenario));
    }

    private Map<String, Integer> planK(String model, ScenarioOption scenario) {
        PipelineSpec pipeline =
                jobOptions(model, scenario, BenchMethod.COCOI_PLANNED, Map.of()).toSpec();
        Map<String, Integer> planned = new LinkedHashMap<>();
        pipeline.codedSteps().forEach(step -> planned.put(step.convolution(), step.k()));
        return planned;
    }

    /** W_O of every convolution in {@code layers}, in the computed variant. */
    private Map<String, Integer> extents(String model, Map<String, Integer> layers) {
        Map<String, Integer> extents = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : graph(model).convolutions()) {
            if (layers.containsKey(convolution.name())) {
                extents.put(convolution.name(), convolution.shape().splitOutputExtent());
            }
        }
        return extents;
    }

    /** k_s per layer: the k ≤ min(n, W_O) the LT simulation finds best for the scenario. */
    private Map<String, Integer> ltSmallK(
            String model, ScenarioOption scenario, Map<String, Integer> layers) {
        ModelGraph full = Models.byName(model, ModelVariant.FULL);
        DeviceProfile profile = ModelProfiles.resolve(emulate, full);
        LtSimulation simulation =
                new LtSimulation(
                        profile, workers, scenario.toScenario(model), LT_SAMPLES, scenarioSeed);
        Map<String, Integer> extents = extents(model, layers);
        Map<String, Integer> k = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : full.convolutions()) {
            if (layers.containsKey(convolution.name())) {
                ConvLayerShape shape = convolution.shape();
                k.put(
                        convolution.name(),
                        Math.min(simulation.bestSmallK(shape), extents.get(convolution.name())));
            }
        }
        return k;
    }

    /** Display name (conv3_1) to torchvision name (features.10) of every convolution. */
    private Map<String, String> convolutionNames(String model) {
        Map<String, String> names = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : graph(model).convolutions()) {
            names.put(convolution.shape().name(), convolution.name());
        }
        return names;
    }

    private ModelGraph graph(String model) {
        return Models.byName(model, new ModelVariant(widthDivisor, imageSize));
    }

    private JobOptions jobOptions(
            String model,
            ScenarioOption scenario,
            BenchMethod method,
            Map<String, Integer> layerK) {
        List<String> args = jobArguments(model, scenario, method, layerK);
        JobOptions options = new JobOptions();
        try {
            CommandLine.populateCommand(options, args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(
                    "method %s maps to job options %s, which this build rejects: %s"
                            .formatted(method.cliName, args, e.getMessage()),
                    e);
        }
        return options;
    }

    private List<String> jobArguments(
            String model,
            ScenarioOption scenario,
            BenchMethod method,
            Map<String, Integer> layerK) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--model=" + model,
                                "--workers=" + workers,
                                "--width-divisor=" + widthDivisor,
                                "--image-size=" + imageSize,
                                "--emulate=" + emulate,
                                "--emulation-scale=" + emulationScale,
                                "--scenario=" + scenario.cliValue(),
                                "--scenario-seed=" + scenarioSeed,
                                "--layer-timeout-ms=" + layerTimeoutMs,
                                "--torch-threads=1"));
        args.addAll(method.jobOptions);
        layerK.forEach((layer, k) -> args.add("--layer-k=" + layer + "=" + k));
        args.addAll(extraJobOptions);
        return args;
    }

    /** Runs one job: a warm-up request, then the repetitions one at a time. */
    private void run(
            LocalCluster cluster,
            String model,
            ScenarioOption scenario,
            String label,
            BenchMethod method,
            Map<String, Integer> layerK,
            byte[] imageBytes)
            throws Exception {
        long submittedNanos = System.nanoTime();
        JobOptions options = jobOptions(model, scenario, method, layerK);
        PipelineSpec pipeline = options.toSpec();
        profiles.put(model, pipeline.emulation().profile().name());
        String prefix = "bench-%03d".formatted(runsDone);
        JobClient client =
                cluster.submit(
                        pipeline,
                        prefix + ".images",
                        prefix + ".results",
                        prefix + ".errors",
                        "cocoi bench %s %s %s".formatted(model, label, scenario.cliValue()));
        JobWatch watch = cluster.watch(client);
        Duration requestTimeout =
                Duration.ofMillis(layerTimeoutMs * pipeline.codedSteps().size() + 120_000);
        try (ImagePublisher publisher =
                        new ImagePublisher(cluster.kafkaClient(), prefix + ".images");
                OutputReader reader =
                        new OutputReader(
                                cluster.kafkaClient(),
                                List.of(prefix + ".results", prefix + ".errors"),
                                true)) {
            for (int repetition = -1; repetition < repetitions; repetition++) {
                progress(model, label, scenario, repetition);
                // Trials get their own request ids, so their draws differ from the ones k* is
                // then measured on: choosing k* on the very draws it is compared on flatters it.
                String trial = label.startsWith(BenchReport.TRIAL_PREFIX) ? "trial-" : "";
                String requestId = repetition < 0 ? "warmup" : trial + "rep-" + repetition;
                publisher.publish(requestId, imageBytes, model, false).get();
                JsonNode result = await(reader, watch, requestId, requestTimeout);
                if (repetition < 0) {
                    startupMillis.add((System.nanoTime() - submittedNanos) / 1_000_000);
                    // Collect the job start's garbage now rather than during a measured request.
                    System.gc();
                } else {
                    rows.add(row(model, label, scenario, repetition, result));
                }
            }
        } finally {
            client.cancel().get();
            awaitTermination(client);
        }
        runsDone++;
    }

    private static JsonNode await(
            OutputReader reader, JobWatch watch, String requestId, Duration timeout)
            throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode[] found = new JsonNode[1];
        String[] error = new String[1];
        while (found[0] == null && error[0] == null) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(
                        "no result for request %s within %s".formatted(requestId, timeout));
            }
            String failure = watch.failure();
            if (failure != null) {
                throw new IllegalStateException("the job stopped running: " + failure);
            }
            reader.poll(
                    RESULT_POLL,
                    (topic, value) -> {
                        if (!value.path("request_id").asText().equals(requestId)) {
                            return;
                        }
                        if (value.has("stage")) {
                            error[0] = ResultLines.error(value);
                        } else {
                            found[0] = value;
                        }
                    });
        }
        if (error[0] != null) {
            throw new IllegalStateException("request failed: " + error[0]);
        }
        return found[0];
    }

    private static void awaitTermination(JobClient client) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    return;
                }
            } catch (Exception gone) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static BenchRow row(
            String model, String label, ScenarioOption scenario, int repetition, JsonNode result) {
        List<BenchRow.Layer> layers = new ArrayList<>();
        for (JsonNode layer : result.path("layers")) {
            layers.add(
                    new BenchRow.Layer(
                            layer.path("layer").asText(),
                            layer.path("k").asInt(),
                            layer.path("encode_ms").asDouble(),
                            layer.path("wait_ms").asDouble(),
                            layer.path("decode_ms").asDouble(),
                            layer.path("degraded").asBoolean()));
        }
        return new BenchRow(
                model,
                label,
                scenario.kind().cliName,
                scenario.parameter(),
                repetition,
                result.path("request_id").asText(),
                result.path("latency_ms").asLong(),
                result.path("degraded").asBoolean(),
                layers);
    }

    private void progress(String model, String label, ScenarioOption scenario, int repetition) {
        int filled = runsTotal == 0 ? 0 : PROGRESS_WIDTH * runsDone / runsTotal;
        long elapsedSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        String left =
                runsDone == 0 ? "?" : clock(elapsedSeconds * (runsTotal - runsDone) / runsDone);
        System.err.printf(
                Locale.ROOT,
                "\r[%s%s] run %d/%d  %s %s %s  %s  %s elapsed, ~%s left   ",
                "#".repeat(filled),
                "-".repeat(PROGRESS_WIDTH - filled),
                runsDone + 1,
                runsTotal,
                model,
                label,
                scenario.cliValue(),
                repetition < 0 ? "warm-up" : "rep %d/%d".formatted(repetition + 1, repetitions),
                clock(elapsedSeconds),
                left);
        System.err.flush();
    }

    private static String clock(long seconds) {
        return "%d:%02d".formatted(seconds / 60, seconds % 60);
    }

    private BenchSettings settings() {
        for (BenchRow row : rows) {
            profiles.computeIfAbsent(
                    row.model(),
                    model ->
                            ModelProfiles.resolve(emulate, Models.byName(model, ModelVariant.FULL))
                                    .name());
        }
        return new BenchSettings(
                commandLine(),
                workers,
                new ModelVariant(widthDivisor, imageSize).toString(),
                repetitions,
                profiles,
                emulationScale,
                scenarioSeed,
                layerTimeoutMs,
                notes);
    }

    private String commandLine() {
        List<String> lines = new ArrayList<>();
        if (invokedAs != null) {
            lines.add(invokedAs + "   # which ran:");
        }
        lines.addAll(commands);
        return String.join("\n", lines);
    }

    /** With --append, the rows and commands of earlier runs into the same folder. */
    private void loadPrevious() throws IOException {
        Path csv = output.resolve("results.csv");
        Path commandFile = output.resolve("commands.txt");
        Path noteFile = output.resolve("notes.txt");
        if ((append || reportOnly) && Files.isRegularFile(csv)) {
            rows.addAll(BenchCsv.read(csv));
            if (Files.isRegularFile(commandFile)) {
                commands.addAll(Files.readAllLines(commandFile));
            }
            if (Files.isRegularFile(noteFile)) {
                notes.addAll(Files.readAllLines(noteFile));
            }
        }
        commands.add(
                "cocoi " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }

    private void writeReport(PrintWriter out) throws IOException {
        if (!reportOnly) {
            addNotes();
        }
        List<String> distinctNotes = new ArrayList<>(new LinkedHashSet<>(notes));
        notes.clear();
        notes.addAll(distinctNotes);
        new BenchReport(rows, settings()).writeTo(output);
        Files.write(output.resolve("commands.txt"), commands);
        Files.write(output.resolve("notes.txt"), notes);
        out.printf(
                Locale.ROOT,
                "%d requests in %d runs; report, CSV and plots in %s%n",
                rows.size(),
                runsDone,
                output.toAbsolutePath());
        out.flush();
    }

    /** What the report must say about how this invocation ran. */
    private void addNotes() {
        notes.add(
                "Every method distributes the same layers, those the planner distributes for"
                        + " the scenario; the other layers run at the master, computed for real"
                        + " and held for emulated master time like the master's other steps. On"
                        + " a layer narrower than n columns, Uncoded and Replication split into"
                        + " at most W_O partitions, so some workers have no task there.");
        if (!bestK.trim().equalsIgnoreCase("all")
                && methods.contains(BenchMethod.COCOI_BEST.cliName)) {
            notes.add(
                    "CoCoI-k* tried only k° %s in every layer (--best-k), not every k."
                            .formatted(bestK));
        }
        if (widthDivisor > 1 || imageSize != ModelVariant.FULL.imageSize()) {
            notes.add(
                    ("Workers compute the reduced model (width divisor %d, %d px images); the"
                                    + " emulated device times are those of the full-size layers"
                                    + " with the same k.")
                            .formatted(widthDivisor, imageSize));
        }
        if (!startupMillis.isEmpty()) {
            notes.add(
                    String.format(
                            Locale.ROOT,
                            "Each run starts the job anew and sends one warm-up request first, not"
                                    + " counted: submission to warm-up result took %.1f s on"
                                    + " average over %d runs.",
                            startupMillis.stream().mapToLong(Long::longValue).average().orElse(0)
                                    / 1e3,
                            startupMillis.size()));
        }
        if (methods.contains(BenchMethod.LT_SMALL.cliName)) {
            notes.add(
                    "LtCoI-k_s: k_s per layer is the k ≤ n with the least latency in the LT"
                        + " simulation for the scenario, not found by trying k through the job.");
        }
    }
}
