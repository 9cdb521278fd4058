package io.cocoi.operators.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.TestTensors;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.weights.ModelWeights;
import io.cocoi.operators.weights.SeededWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coded inference of whole networks against single-device inference of the same weights: every
 * main-path convolution coded, results arriving all, in random orders, or parity only.
 */
class CodedInferenceTest {

    /** The bound on the relative L2 error of the logits. */
    private static final double MAX_LOGIT_ERROR = 1e-4;

    /** The paper's Vandermonde code at n=10, k=8 reaches hundreds to thousands in float32. */
    private static final double VANDERMONDE_LARGE_K_MIN_ERROR = 1e-2;

    private static final int TOP = 5;

    /** Reduced widths (÷8) and a 64×64 input: output widths 64 down to 2, every layer kind. */
    private static final ModelVariant SMALL = new ModelVariant(8, 64);

    private static final Map<String, Network> NETWORKS = new HashMap<>();

    /** A graph with seeded weights (random biases and statistics), an input and local logits. */
    private record Network(ModelGraph graph, ModelWeights weights, float[] input, float[] local) {}

    static Stream<Arguments> modelsAndWorkers() {
        return Stream.of(
                Arguments.of("vgg16", 4),
                Arguments.of("vgg16", 10),
                Arguments.of("resnet18", 4),
                Arguments.of("resnet18", 10));
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("modelsAndWorkers")
    void systematicCodeMatchesLocalInferenceForEveryArrivalPattern(String model, int n) {
        Network network = network(model, SMALL);
        SplittableRandom random = new SplittableRandom(51L * n + model.length());
        int half = n / 2;

        List<NetworkPlan.KChoice> choices =
                List.of(
                        (index, shape) -> 2,
                        (index, shape) -> half,
                        (index, shape) -> n,
                        (index, shape) -> 1 + random.nextInt(n));
        for (NetworkPlan.KChoice choice : choices) {
            NetworkPlan plan =
                    NetworkPlan.everyConvolution(network.graph(), CodeKind.SYSTEMATIC, n, choice);
            assertMatchesLocal(
                    network,
                    plan,
                    random,
                    Arrivals.ALL,
                    Arrivals.RANDOM_ORDER,
                    Arrivals.RANDOM_ORDER,
                    Arrivals.RANDOM_ORDER,
                    Arrivals.RANDOM_ORDER);
        }

        // Parity only needs n − k ≥ k in every layer.
        NetworkPlan parityPlan =
                NetworkPlan.everyConvolution(
                        network.graph(),
                        CodeKind.SYSTEMATIC,
                        n,
                        (index, shape) -> 1 + random.nextInt(half));
        assertMatchesLocal(
                network,
                parityPlan,
                random,
                Arrivals.PARITY_ONLY,
                Arrivals.PARITY_ONLY,
                Arrivals.PARITY_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg16", "resnet18"})
    void ltMatchesLocalInferenceWithKBelowAndAboveN(String model) {
        Network network = network(model, SMALL);
        SplittableRandom random = new SplittableRandom(52);

        // k_s = 5 ≤ n, and k_l = W_O, the finest split, up to 64 sources on 10 workers.
        // Full-size k_l (up to 224 sources) misses the bound, about 1e-3: see operators/README.md.
        NetworkPlan small =
                NetworkPlan.everyConvolution(network.graph(), CodeKind.LT, 10, (i, s) -> 5);
        NetworkPlan finest =
                NetworkPlan.everyConvolution(
                        network.graph(), CodeKind.LT, 10, (i, shape) -> shape.splitOutputExtent());

        assertMatchesLocal(
                network, small, random, Arrivals.ALL, Arrivals.RANDOM_ORDER, Arrivals.RANDOM_ORDER);
        assertMatchesLocal(network, finest, random, Arrivals.ALL, Arrivals.RANDOM_ORDER);
        assertThat(finest.layers().values()).anyMatch(plan -> plan.k() > plan.n());
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("modelsAndWorkers")
    void replicationAndUncodedMatchLocalInference(String model, int n) {
        Network network = network(model, SMALL);
        SplittableRandom random = new SplittableRandom(53);

        for (CodeKind code : List.of(CodeKind.REPLICATION, CodeKind.UNCODED)) {
            NetworkPlan plan = NetworkPlan.everyConvolution(network.graph(), code, n, (i, s) -> 0);
            assertThat(plan.layers()).as("%s layers wide enough for k", code).isNotEmpty();
            assertMatchesLocal(
                    network,
                    plan,
                    random,
                    Arrivals.ALL,
                    Arrivals.RANDOM_ORDER,
                    Arrivals.RANDOM_ORDER);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg16", "resnet18"})
    void vandermondeMatchesLocalInferenceWhileWellConditioned(String model) {
        Network network = network(model, SMALL);
        SplittableRandom random = new SplittableRandom(54);

        for (int k : new int[] {2, 3}) {
            NetworkPlan plan =
                    NetworkPlan.everyConvolution(
                            network.graph(), CodeKind.VANDERMONDE, 4, (i, s) -> k);
            assertMatchesLocal(
                    network,
                    plan,
                    random,
                    Arrivals.ALL,
                    Arrivals.RANDOM_ORDER,
                    Arrivals.RANDOM_ORDER);
        }
        NetworkPlan wide =
                NetworkPlan.everyConvolution(
                        network.graph(), CodeKind.VANDERMONDE, 10, (i, s) -> 2);
        assertMatchesLocal(network, wide, random, Arrivals.RANDOM_ORDER, Arrivals.RANDOM_ORDER);
    }

    /**
     * Documents the paper's code at large k rather than hiding it: at n=10, k=8 the worst k-subset
     * condition number is about 7e10 and float32 decoding returns garbage.
     */
    @Test
    void vandermondeAtLargeKIsFarOffInFloat32() {
        Network network = network("vgg16", SMALL);
        NetworkPlan plan =
                NetworkPlan.everyConvolution(
                        network.graph(), CodeKind.VANDERMONDE, 10, (i, s) -> 8);

        try (CodedInference inference =
                CodedInference.create(network.graph(), network.weights(), plan)) {
            CodedRun run =
                    inference.run(network.input(), Arrivals.RANDOM_ORDER, new SplittableRandom(55));

            assertThat(Logits.relativeL2Error(run.logits(), network.local()))
                    .isGreaterThan(VANDERMONDE_LARGE_K_MIN_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg16", "resnet18"})
    void fullSizeNetworksMatchLocalInference(String model) {
        Network network = network(model, ModelVariant.FULL);
        SplittableRandom random = new SplittableRandom(56);

        NetworkPlan plan =
                NetworkPlan.everyConvolution(
                        network.graph(), CodeKind.SYSTEMATIC, 10, (i, s) -> 1 + random.nextInt(5));
        assertMatchesLocal(network, plan, random, Arrivals.RANDOM_ORDER, Arrivals.PARITY_ONLY);
    }

    @Test
    void theRunRecordsTheArrivalsOfEveryCodedLayer() {
        Network network = network("resnet18", SMALL);
        NetworkPlan plan =
                NetworkPlan.everyConvolution(network.graph(), CodeKind.SYSTEMATIC, 6, (i, s) -> 3);

        CodedRun run;
        try (CodedInference inference =
                CodedInference.create(network.graph(), network.weights(), plan)) {
            run = inference.run(network.input(), Arrivals.PARITY_ONLY, new SplittableRandom(57));
        }

        assertThat(run.layers()).hasSize(17);
        assertThat(run.layers().get(0).layerName()).isEqualTo("conv1");
        for (CodedRun.LayerRecord layer : run.layers()) {
            // k is 3, but 2 in the last stage, whose output is 2 wide; parity tasks are k to 5.
            int k = layer.plan().k();
            assertThat(layer.arrivedTasks()).as(layer.layerName()).hasSize(k);
            assertThat(Arrays.stream(layer.arrivedTasks()).min().getAsInt())
                    .isGreaterThanOrEqualTo(k);
        }
    }

    private static void assertMatchesLocal(
            Network network, NetworkPlan plan, SplittableRandom random, Arrivals... arrivals) {
        int[] localTop = Logits.topIndices(network.local(), TOP);
        try (CodedInference inference =
                CodedInference.create(network.graph(), network.weights(), plan)) {
            for (Arrivals arrival : arrivals) {
                CodedRun run = inference.run(network.input(), arrival, random);
                String description =
                        "%s %s %s".formatted(network.graph().name(), arrival, describe(run));

                assertThat(run.layers()).as(description).hasSize(plan.layers().size());
                assertThat(Logits.relativeL2Error(run.logits(), network.local()))
                        .as(description)
                        .isLessThanOrEqualTo(MAX_LOGIT_ERROR);
                assertThat(Logits.topIndices(run.logits(), TOP))
                        .as(description)
                        .containsExactly(localTop);
            }
        }
    }

    private static String describe(CodedRun run) {
        List<String> layers = new ArrayList<>();
        for (CodedRun.LayerRecord layer : run.layers()) {
            layers.add(
                    layer.layerName()
                            + " "
                            + layer.plan()
                            + " "
                            + Arrays.toString(layer.arrivedTasks()));
        }
        return layers.toString();
    }

    private static synchronized Network network(String model, ModelVariant variant) {
        return NETWORKS.computeIfAbsent(
                model + variant,
                key -> {
                    ModelGraph graph = Models.byName(model, variant);
                    ModelWeights weights =
                            ModelWeights.fromStateDict(
                                    graph, SeededWeights.withRandomStatistics(graph, 58));
                    float[] input = TestTensors.modelInput(graph, 59);
                    float[] local;
                    try (CodedInference reference =
                            CodedInference.create(
                                    graph, weights, NetworkPlan.of(graph, Map.of()))) {
                        local = reference.runLocal(input);
                    }
                    return new Network(graph, weights, input, local);
                });
    }
}
