package io.cocoi.operators.tools;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.djl.TorchRuntime;
import io.cocoi.operators.engine.Arrivals;
import io.cocoi.operators.engine.CodedInference;
import io.cocoi.operators.engine.CodedRun;
import io.cocoi.operators.engine.Logits;
import io.cocoi.operators.engine.NetworkPlan;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.weights.ModelWeights;
import io.cocoi.operators.weights.SeededWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Prints, as markdown, how far coded inference strays from single-device inference for every code
 * on n workers: per (model, code, k) the worst relative L2 error of the logits over the tested
 * arrivals (all, seeded random orders, parity only where possible) and whether the top-5 classes
 * always matched. Every main-path convolution is coded, with k capped at its output width.
 *
 * <p>Usage: {@code CodedErrorReport [--models vgg16,resnet18] [--variant full] [--n 10] [--orders
 * 4] [--seed 1]}
 */
public final class CodedErrorReport {

    private static final int TOP = 5;

    /** The k values reported per code; 0 stands for k_l, the layer's full output width. */
    private static final List<Row> ROWS =
            List.of(
                    new Row(CodeKind.SYSTEMATIC, 2),
                    new Row(CodeKind.SYSTEMATIC, 5),
                    new Row(CodeKind.SYSTEMATIC, 8),
                    new Row(CodeKind.SYSTEMATIC, 10),
                    new Row(CodeKind.VANDERMONDE, 2),
                    new Row(CodeKind.VANDERMONDE, 3),
                    new Row(CodeKind.VANDERMONDE, 5),
                    new Row(CodeKind.VANDERMONDE, 8),
                    new Row(CodeKind.LT, 5),
                    new Row(CodeKind.LT, 0),
                    new Row(CodeKind.REPLICATION, -1),
                    new Row(CodeKind.UNCODED, -1));

    private record Row(CodeKind code, int k) {}

    public static void main(String[] args) {
        Arguments arguments =
                Arguments.parse(
                        "coded-error",
                        args,
                        Set.of("models", "variant", "n", "orders", "seed", "codes"));
        ModelVariant variant = Variants.parse(arguments.text("variant", "full"));
        int n = arguments.positiveInt("n", 10);
        int orders = arguments.positiveInt("orders", 4);
        long seed = arguments.longValue("seed", 1);
        List<CodeKind> codes =
                arguments.list("codes", "systematic,vandermonde,lt,replication,uncoded").stream()
                        .map(CodeKind::parse)
                        .toList();
        System.out.printf(
                "# Coded vs local inference (%s; n=%d; %s)%n%n"
                        + "Seeded weights with random biases and batch norm statistics, a seeded"
                        + " uniform input in [-2, 2]. Arrivals: all, %d random orders, and parity"
                        + " only where the code allows it.%n%n",
                Variants.describe(variant), n, TorchRuntime.describe(), orders);
        System.out.println(
                "| model | code | k per layer | runs | worst rel. L2 error | top-5 equal |");
        System.out.println("|---|---|---|---|---|---|");
        for (String model : arguments.list("models", "vgg16,resnet18")) {
            ModelGraph graph = Models.byName(model, variant);
            ModelWeights weights =
                    ModelWeights.fromStateDict(
                            graph, SeededWeights.withRandomStatistics(graph, seed));
            float[] input = new float[graph.inputShape().length()];
            SplittableRandom inputRandom = new SplittableRandom(seed);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) inputRandom.nextDouble(-2, 2);
            }
            for (Row row : ROWS) {
                if (codes.contains(row.code())) {
                    System.out.println(measure(graph, weights, input, row, n, orders, seed));
                }
            }
        }
    }

    private static String measure(
            ModelGraph graph,
            ModelWeights weights,
            float[] input,
            Row row,
            int n,
            int orders,
            long seed) {
        NetworkPlan plan =
                NetworkPlan.everyConvolution(
                        graph,
                        row.code(),
                        n,
                        (index, shape) -> row.k() == 0 ? shape.splitOutputExtent() : row.k());
        String kText =
                row.k() == 0
                        ? "k_l = W_O"
                        : row.k() < 0
                                ? String.valueOf(row.code().fixedK(n))
                                : "min(%d, W_O)".formatted(row.k());
        if (plan.layers().isEmpty()) {
            return "| %s | %s | %s | 0 | no layer wide enough | — |"
                    .formatted(graph.name(), row.code().cliName(), kText);
        }
        List<Arrivals> arrivals = new ArrayList<>(List.of(Arrivals.ALL));
        for (int order = 0; order < orders; order++) {
            arrivals.add(Arrivals.RANDOM_ORDER);
        }
        if (allowsParityOnly(row, n)) {
            arrivals.add(Arrivals.PARITY_ONLY);
        }

        double worst = 0;
        boolean topEqual = true;
        SplittableRandom random =
                new SplittableRandom(seed * 1_000_003 + row.code().ordinal() * 1_000L + row.k());
        try (CodedInference inference = CodedInference.create(graph, weights, plan)) {
            float[] local = inference.runLocal(input);
            int[] localTop = Logits.topIndices(local, TOP);
            for (Arrivals arrival : arrivals) {
                CodedRun run = inference.run(input, arrival, random);
                worst = Math.max(worst, Logits.relativeL2Error(run.logits(), local));
                topEqual &= Arrays.equals(Logits.topIndices(run.logits(), TOP), localTop);
            }
        }
        String coded =
                plan.layers().size() == graph.convolutions().size()
                        ? ""
                        : " (%d of %d layers coded)"
                                .formatted(plan.layers().size(), graph.convolutions().size());
        return "| %s | %s | %s%s | %d | %.2e | %s |"
                .formatted(
                        graph.name(),
                        row.code().cliName(),
                        kText,
                        coded,
                        arrivals.size(),
                        worst,
                        topEqual ? "yes" : "no");
    }

    /**
     * Parity-only arrivals are the systematic code's worst case and decode when n − k ≥ k; LT's
     * random orders already mix, and its degree-2 rows alone rarely reach rank k at small k.
     */
    private static boolean allowsParityOnly(Row row, int n) {
        return row.code() == CodeKind.SYSTEMATIC && n - row.k() >= row.k();
    }
}
