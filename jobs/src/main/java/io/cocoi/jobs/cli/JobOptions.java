package io.cocoi.jobs.cli;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.PlannedLayer;
import io.cocoi.codec.latency.Planner;
import io.cocoi.codec.latency.PlannerOptions;
import io.cocoi.codec.latency.Scenario;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.stream.AdaptivePlanning;
import io.cocoi.operators.stream.PipelineSpec;
import io.cocoi.operators.stream.WorkerFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that define a job, shared by {@code cocoi demo} and {@code cocoi submit}: model,
 * weights, n, code, k per layer (planned for a device profile unless fixed), deadlines, injected
 * faults, device emulation with a scenario of the paper's evaluation, and whether k is re-planned
 * while the job runs.
 */
public final class JobOptions {

    /** The {@code --k} value that splits each layer into its output width. */
    static final String OUTPUT_WIDTH = "wo";

    @Option(
            names = "--model",
            defaultValue = "vgg16",
            description = "vgg16 or resnet18 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--workers",
            defaultValue = "4",
            description = "n, worker TaskManagers (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(
            names = "--code",
            defaultValue = "systematic",
            description =
                    "systematic, vandermonde, lt, replication or uncoded (default:"
                            + " ${DEFAULT-VALUE})")
    String code;

    @Option(
            names = "--k",
            description =
                    "split every distributable convolution into k, or with --code lt 'wo' for"
                            + " each layer's output width (LtCoI-k_l) (default: planned per"
                            + " layer)")
    String fixedK;

    @Option(
            names = "--profile",
            defaultValue = ModelProfiles.PI4B,
            description =
                    "device profile the plan is made for: pi4b or a file (default:"
                            + " ${DEFAULT-VALUE})")
    String profile;

    @Option(
            names = "--weights",
            description = "torchvision weights as .npz (default: seeded weights)")
    Path weights;

    @Option(
            names = "--weight-seed",
            defaultValue = "1",
            description = "seed of the default weights")
    long weightSeed;

    @Option(
            names = "--width-divisor",
            defaultValue = "1",
            description =
                    "divide channel widths by this, for quick runs (default: ${DEFAULT-VALUE})")
    int widthDivisor;

    @Option(
            names = "--image-size",
            defaultValue = "224",
            description = "input image size in pixels (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(
            names = "--layer-timeout-ms",
            defaultValue = "10000",
            description = "deadline per distributed layer (default: ${DEFAULT-VALUE})")
    long layerTimeoutMs;

    @Option(
            names = "--torch-threads",
            defaultValue = "0",
            description =
                    "PyTorch threads per operator, 0 for PyTorch's default (default:"
                            + " ${DEFAULT-VALUE})")
    int torchThreads;

    @Option(
            names = "--adaptive",
            description =
                    "re-plan k per layer while the job runs, from the task times the master"
                            + " observes (systematic and vandermonde)")
    boolean adaptive;

    @Option(
            names = "--adaptive-window",
            defaultValue = "" + AdaptivePlanning.DEFAULT_WINDOW,
            description = "task samples per layer the re-planning fits (default: ${DEFAULT-VALUE})")
    int adaptiveWindow;

    @Option(
            names = "--replan-every",
            defaultValue = "" + AdaptivePlanning.DEFAULT_REPLAN_EVERY,
            description = "decoded requests per layer between re-plans (default: ${DEFAULT-VALUE})")
    int replanEvery;

    @Option(
            names = "--fail-worker",
            description = "inject: this worker index drops every task (repeatable)")
    List<Integer> failedWorkers = List.of();

    @Option(
            names = "--slow-worker",
            description =
                    "inject: INDEX=FACTOR, that worker takes FACTOR times as long (repeatable)")
    Map<Integer, Double> slowWorkers = Map.of();

    @Option(
            names = "--layer-k",
            description =
                    "NAME=K: split convolution NAME into K (repeatable); when given, exactly these"
                            + " convolutions are distributed and --k and planning are skipped")
    Map<String, Integer> layerK = Map.of();

    @Option(
            names = "--emulate",
            defaultValue = "none",
            description =
                    "workers hold each result, and the master each step, until a device time"
                            + " drawn from this profile has passed: none, pi4b or a profile file"
                            + " (default: ${DEFAULT-VALUE})")
    String emulate;

    @Option(
            names = "--emulation-scale",
            defaultValue = "0.1",
            description =
                    "multiply emulated device times by this, so n emulated workers fit on this"
                            + " machine (default: ${DEFAULT-VALUE})")
    double emulationScale;

    @Option(
            names = "--scenario",
            defaultValue = "none",
            description =
                    "with --emulate: none, transmission:LAMBDA, failures:NF or"
                            + " failures-straggler:NF (paper section V; default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(
            names = "--scenario-seed",
            defaultValue = "1",
            description =
                    "seed of the emulated draws: the same seed gives every method the same"
                            + " delays and failures (default: ${DEFAULT-VALUE})")
    long scenarioSeed;

    /** The pipeline these options describe; planning k when it is not fixed. */
    public PipelineSpec toSpec() {
        ModelVariant variant = new ModelVariant(widthDivisor, imageSize);
        ModelGraph graph = Models.byName(model, variant);
        CodeKind codeKind = CodeKind.parse(code);
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(
                    "--weights %s is not a readable file, expected a torchvision .npz"
                            .formatted(weights));
        }
        WorkerFaults faults = WorkerFaults.none();
        for (int worker : failedWorkers) {
            requireWorker("--fail-worker", worker);
            faults = faults.withFailed(worker);
        }
        for (Map.Entry<Integer, Double> slow : slowWorkers.entrySet()) {
            requireWorker("--slow-worker", slow.getKey());
            faults = faults.withSlowdown(slow.getKey(), slow.getValue());
        }
        PipelineSpec.Builder spec =
                PipelineSpec.builder()
                        .setModel(graph.name())
                        .optVariant(variant)
                        .setWorkers(workers)
                        .setK(kPerLayer(graph, codeKind))
                        .optCode(codeKind)
                        .optWeightSeed(weightSeed)
                        .optLayerTimeout(Duration.ofMillis(layerTimeoutMs))
                        .optFaults(faults)
                        .optEmulation(emulation())
                        .optTorchThreads(torchThreads);
        if (weights != null) {
            spec.optWeightsFile(weights);
        }
        if (adaptive) {
            spec.optAdaptive(adaptivePlanning(codeKind));
        }
        return spec.build();
    }

    /** The scenario these options inject; none without emulation. */
    Scenario scenario() {
        return ScenarioOption.parse(scenario).toScenario(model);
    }

    private DeviceEmulator emulation() {
        Scenario injected = scenario();
        if (emulate.equalsIgnoreCase("none")) {
            if (!injected.equals(Scenario.NONE)) {
                throw new IllegalArgumentException(
                        "--scenario %s needs device emulation, expected --emulate pi4b or a"
                                        .formatted(scenario)
                                + " profile file");
            }
            return null;
        }
        return new DeviceEmulator(
                ModelProfiles.resolve(emulate, Models.byName(model, ModelVariant.FULL)),
                emulationScale,
                injected,
                scenarioSeed,
                workers);
    }

    private Map<String, Integer> kPerLayer(ModelGraph graph, CodeKind codeKind) {
        if (!layerK.isEmpty()) {
            return new LinkedHashMap<>(layerK);
        }
        Map<String, Integer> k = new LinkedHashMap<>();
        int fixed = codeKind.fixedK(workers);
        if (fixed < 0 && OUTPUT_WIDTH.equalsIgnoreCase(String.valueOf(fixedK).trim())) {
            if (codeKind != CodeKind.LT) {
                throw new IllegalArgumentException(
                        "--k %s with --code %s, expected a number: only lt splits a layer into"
                                        .formatted(fixedK, codeKind.cliName())
                                + " its output width");
            }
            for (LayerOp.Convolution convolution : graph.convolutions()) {
                k.put(convolution.name(), convolution.shape().splitOutputExtent());
            }
            return k;
        }
        if (fixed > 0) {
            // A layer narrower than the fixed k runs on fewer workers, one column each (uncoded).
            for (LayerOp.Convolution convolution : graph.convolutions()) {
                k.put(convolution.name(), Math.min(fixed, convolution.shape().splitOutputExtent()));
            }
            return k;
        }
        if (fixedK != null) {
            int chosen = parseK(codeKind);
            for (LayerOp.Convolution convolution : graph.convolutions()) {
                if (chosen <= convolution.shape().splitOutputExtent()) {
                    k.put(convolution.name(), chosen);
                }
            }
            return k;
        }
        if (!Planner.plans(codeKind)) {
            throw new IllegalArgumentException(
                    "code %s needs --k: the planner chooses k for systematic and vandermonde"
                            .formatted(codeKind.cliName()));
        }
        PlannerOptions options =
                PlannerOptions.builder()
                        .setProfile(
                                ModelProfiles.resolve(
                                        profile, Models.byName(model, ModelVariant.FULL)))
                        .setWorkers(workers)
                        .optCode(codeKind)
                        .optScenario(scenario())
                        .optSamples(20_000)
                        .build();
        List<LayerOp.Convolution> convolutions = graph.convolutions();
        List<LayerOp.Convolution> fullSize = Models.byName(model, ModelVariant.FULL).convolutions();
        List<PlannedLayer> plans =
                new Planner(options)
                        .plan(fullSize.stream().map(LayerOp.Convolution::shape).toList());
        for (int i = 0; i < convolutions.size(); i++) {
            PlannedLayer plan = plans.get(i);
            int extent = convolutions.get(i).shape().splitOutputExtent();
            if (plan.distributed()) {
                k.put(convolutions.get(i).name(), Math.min(plan.approximateK(), extent));
            }
        }
        return k;
    }

    private int parseK(CodeKind codeKind) {
        String expected =
                codeKind == CodeKind.LT
                        ? "1 or more (LT may exceed n) or 'wo'"
                        : "1 to --workers " + workers;
        int k;
        try {
            k = Integer.parseInt(fixedK.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--k '%s', expected %s".formatted(fixedK, expected));
        }
        if (k < 1 || (codeKind != CodeKind.LT && k > workers)) {
            throw new IllegalArgumentException("--k %d, expected %s".formatted(k, expected));
        }
        return k;
    }

    private AdaptivePlanning adaptivePlanning(CodeKind codeKind) {
        if (!Planner.plans(codeKind)) {
            throw new IllegalArgumentException(
                    "--adaptive with --code %s, expected systematic or vandermonde: %s"
                            .formatted(
                                    codeKind.cliName(),
                                    codeKind == CodeKind.LT ? "LT is rateless" : "it fixes k"));
        }
        if (adaptiveWindow < 4) {
            throw new IllegalArgumentException(
                    "--adaptive-window %d, expected 4 or more task samples"
                            .formatted(adaptiveWindow));
        }
        if (replanEvery < 1) {
            throw new IllegalArgumentException(
                    "--replan-every %d, expected 1 or more decoded requests"
                            .formatted(replanEvery));
        }
        DeviceProfile device =
                ModelProfiles.resolve(profile, Models.byName(model, ModelVariant.FULL));
        double masterRatio = device.master().meanPerUnit() / device.compute().meanPerUnit();
        return new AdaptivePlanning(adaptiveWindow, replanEvery, masterRatio);
    }

    private void requireWorker(String option, int worker) {
        if (worker < 0 || worker >= workers) {
            throw new IllegalArgumentException(
                    "%s %d, expected a worker index from 0 to %d"
                            .formatted(option, worker, workers - 1));
        }
    }
}
