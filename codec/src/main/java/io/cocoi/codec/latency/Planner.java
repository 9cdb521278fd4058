package io.cocoi.codec.latency;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chooses k per convolution: k° minimises a closed form (by default the Gamma approximation of the
 * worker-time order statistic, see {@link LatencyModel}), k* minimises the simulated E[T_c(k)], and
 * a layer is distributed only when its best simulated latency beats computing it on the master
 * (paper appendix A). Layers are simulated in parallel, each with its own seed.
 */
public final class Planner {

    /** LT streams symbol by symbol and simulates slower; it gets this many times fewer samples. */
    static final int LT_SAMPLE_DIVISOR = 10;

    private final PlannerOptions options;

    public Planner(PlannerOptions options) {
        this.options = options;
    }

    public List<PlannedLayer> plan(List<ConvLayerShape> layers) {
        return IntStream.range(0, layers.size())
                .parallel()
                .mapToObj(index -> plan(layers.get(index), options.seed() + 7919L * index))
                .toList();
    }

    public PlannedLayer plan(ConvLayerShape layer, long seed) {
        int n = options.workers();
        LatencyModel model = new LatencyModel(options.profile(), n, options.scenario());
        SimulatedLayer simulation =
                new LayerSimulation(
                                options.profile(),
                                n,
                                options.scenario(),
                                options.code(),
                                options.samples(),
                                seed)
                        .run(layer);

        int approximateK = 1;
        int paperK = 1;
        double approximateLatency = Double.POSITIVE_INFINITY;
        double paperLatency = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= simulation.maxK(); k++) {
            LayerWorkload work = LayerWorkload.of(layer, options.code(), n, k);
            double approximation =
                    switch (options.approximation()) {
                        case NUMERICAL -> model.numericalExpectation(work);
                        case HARMONIC -> model.harmonicApproximation(work);
                        case PAPER -> model.paperApproximation(work);
                    };
            double paper = model.paperApproximation(work);
            if (approximation < approximateLatency) {
                approximateLatency = approximation;
                approximateK = k;
            }
            if (paper < paperLatency) {
                paperLatency = paper;
                paperK = k;
            }
        }

        int bestK = simulation.bestK();
        boolean distributed = simulation.coded(bestK) < simulation.local();
        double condition =
                options.code().create(n, approximateK).conditionReport().worstConditionNumber();
        return new PlannedLayer(
                layer,
                distributed,
                approximateK,
                bestK,
                paperK,
                approximateLatency,
                condition,
                simulation,
                options.includeLt() ? ltFigures(layer, seed) : null);
    }

    private LtFigures ltFigures(ConvLayerShape layer, long seed) {
        LtSimulation lt =
                new LtSimulation(
                        options.profile(),
                        options.workers(),
                        options.scenario(),
                        Math.max(1, options.samples() / LT_SAMPLE_DIVISOR),
                        seed);
        int smallK = lt.bestSmallK(layer);
        int largeK = layer.splitOutputExtent();
        return new LtFigures(
                smallK,
                lt.expectedLatency(layer, smallK),
                largeK,
                lt.expectedLatency(layer, largeK));
    }

    /** Whether {@code code} can be planned: MDS codes whose k the planner chooses. */
    public static boolean plans(CodeKind code) {
        return code == CodeKind.SYSTEMATIC || code == CodeKind.VANDERMONDE;
    }
}
