package io.cocoi.jobs.cli;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.PlannedLayer;
import io.cocoi.codec.latency.Planner;
import io.cocoi.codec.latency.PlannerOptions;
import io.cocoi.codec.latency.Scenario;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cocoi plan}: chooses k per convolution of a model and shows why. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Chooses how to split each convolution of a model over n workers: k° from the latency"
                    + " model, k* from Monte Carlo, and whether distributing pays at all.",
            "Device time comes from a profile: 'pi4b' (the paper's Raspberry Pi 4B figures) or a"
                    + " properties file."
        })
final class PlanCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "vgg16 or resnet18")
    String model;

    @Option(names = "--workers", required = true, description = "n, the number of workers")
    int workers;

    @Option(
            names = "--profile",
            defaultValue = ModelProfiles.PI4B,
            description = "pi4b or a profile file (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(
            names = "--code",
            defaultValue = "systematic",
            description = "systematic or vandermonde (default: ${DEFAULT-VALUE})")
    String code;

    @Option(
            names = "--straggling",
            defaultValue = "0",
            description = "λ_tr: extra transfer delay, as a multiple of its mean (default 0)")
    double straggling;

    @Option(
            names = "--failures",
            defaultValue = "0",
            description = "n_f: workers that fail in every layer (default 0)")
    int failures;

    @Option(
            names = "--straggler-slowdown",
            defaultValue = "1",
            description = "one worker computes this many times slower (default 1: none)")
    double stragglerSlowdown;

    @Option(
            names = "--samples",
            defaultValue = "100000",
            description = "Monte Carlo samples per layer and k (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "Monte Carlo seed")
    long seed;

    @Option(
            names = "--approximation",
            defaultValue = "numerical",
            description = "how k° is chosen: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    PlannerOptions.Approximation approximation;

    @Option(
            names = "--lt",
            description = "also simulate LtCoI with k_s <= n and k_l = W_O (slower)")
    boolean includeLt;

    @Option(
            names = "--format",
            defaultValue = "markdown",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    PlanReport.Format format;

    @Override
    public Integer call() {
        ModelGraph graph = parameter(() -> Models.byName(model, ModelVariant.FULL));
        CodeKind codeKind = parameter(() -> CodeKind.parse(code));
        Scenario scenario = parameter(() -> new Scenario(straggling, failures, stragglerSlowdown));
        DeviceProfile deviceProfile = parameter(() -> ModelProfiles.resolve(profile, graph));
        PlannerOptions options =
                parameter(
                        () ->
                                PlannerOptions.builder()
                                        .setProfile(deviceProfile)
                                        .setWorkers(workers)
                                        .optScenario(scenario)
                                        .optCode(codeKind)
                                        .optSamples(samples)
                                        .optSeed(seed)
                                        .optApproximation(approximation)
                                        .optIncludeLt(includeLt)
                                        .build());

        List<ConvLayerShape> layers =
                graph.convolutions().stream().map(LayerOp.Convolution::shape).toList();
        List<PlannedLayer> plans = new Planner(options).plan(layers);
        PlanReport report = new PlanReport(graph.name(), options, plans);
        spec.commandLine().getOut().print(report.render(format));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Runs a parsing or validation step, turning its error into a usage error. */
    private <T> T parameter(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
