package io.cocoi.operators.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.codec.geometry.PartitionRange;
import io.cocoi.operators.djl.ModelExecutor;
import io.cocoi.operators.djl.TorchRuntime;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.weights.ConvWeights;
import io.cocoi.operators.weights.ModelWeights;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Prints, as markdown, the per-layer latency of single-device inference and the split overhead of
 * each convolution: the k partition convolutions plus the master's remainder, run one after the
 * other, against the one full convolution, both bias-free on inputs already in native memory, so
 * only the computation is timed. Latencies are medians over {@code --runs} runs after a warm-up,
 * with PyTorch held at {@code --threads} intra-op threads. {@code --clock cpu} (with one thread)
 * times the CPU of the calling thread instead of the wall clock, which other processes on a shared
 * machine disturb far less.
 *
 * <p>Usage: {@code LayerLatencyReport [--models vgg16,resnet18] [--variant full] [--runs 7]
 * [--threads 2] [--k 2,5,10] [--clock wall|cpu]}
 */
public final class LayerLatencyReport {

    private static final long SEED = 20_240_501L;
    private static final double NANOS_PER_MILLI = 1e6;

    private final ModelVariant variant;
    private final int runs;
    private final int[] partitionCounts;
    private final LongSupplier nanoClock;

    LayerLatencyReport(ModelVariant variant, int runs, int[] partitionCounts, LongSupplier clock) {
        this.variant = variant;
        this.runs = runs;
        this.partitionCounts = partitionCounts.clone();
        this.nanoClock = clock;
    }

    public static void main(String[] args) {
        Arguments arguments =
                Arguments.parse(
                        "layer-latency",
                        args,
                        Set.of("models", "variant", "runs", "threads", "k", "clock"));
        int threads = arguments.positiveInt("threads", 2);
        String clock = arguments.text("clock", "wall");
        LongSupplier nanoClock;
        if (clock.equals("wall")) {
            nanoClock = System::nanoTime;
        } else if (clock.equals("cpu") && threads == 1) {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            nanoClock = bean::getCurrentThreadCpuTime;
        } else {
            throw new IllegalArgumentException(
                    ("layer-latency: --clock %s with --threads %d, expected wall, or cpu with"
                                    + " --threads 1 (the calling thread then does all the work)")
                            .formatted(clock, threads));
        }
        TorchRuntime.setThreads(threads);
        LayerLatencyReport report =
                new LayerLatencyReport(
                        Variants.parse(arguments.text("variant", "full")),
                        arguments.positiveInt("runs", 7),
                        arguments.positiveInts("k", "2,5,10"),
                        nanoClock);
        System.out.printf(
                "# Layer latency (%s; %s; %s; median of %d runs)%n%n",
                Variants.describe(report.variant),
                TorchRuntime.describe(),
                clock.equals("wall") ? "wall-clock time" : "CPU time of the calling thread",
                report.runs);
        for (String model : arguments.list("models", "vgg16,resnet18")) {
            System.out.println(report.measure(Models.byName(model, report.variant)));
        }
    }

    /** The markdown section of one model. */
    String measure(ModelGraph graph) {
        ModelWeights weights = ModelWeights.seeded(graph, SEED);
        float[] input = uniform(graph.inputShape().length(), new SplittableRandom(SEED));
        double[] stepMillis = stepLatencies(graph, weights, input);

        StringBuilder table = new StringBuilder();
        table.append("## ").append(graph.name()).append("\n\n");
        table.append("| layer | C_I→C_O | input H×W | K/S | in model (ms) | full conv (ms) |");
        for (int k : partitionCounts) {
            table.append(" k=").append(k).append(" sum (ms) |");
        }
        table.append("\n|---|---|---|---|---|---|");
        table.append("---|".repeat(partitionCounts.length)).append('\n');

        // One row per convolution, then the other steps grouped by kind.
        Map<String, double[]> others = new LinkedHashMap<>();
        double total = 0;
        double convolutionTotal = 0;
        List<LayerOp> ops = graph.ops();
        for (int index = 0; index < ops.size(); index++) {
            LayerOp op = ops.get(index);
            total += stepMillis[index];
            if (op instanceof LayerOp.Convolution convolution) {
                convolutionTotal += stepMillis[index];
                table.append(convolutionRow(weights.convolution(convolution), stepMillis[index]));
            } else {
                String kind = kindOf(op);
                others.computeIfAbsent(kind, key -> new double[2]);
                others.get(kind)[0] += stepMillis[index];
                others.get(kind)[1]++;
            }
        }
        table.append("\n| other steps | count | in model (ms) |\n|---|---|---|\n");
        for (Map.Entry<String, double[]> kind : others.entrySet()) {
            table.append(
                    "| %s | %d | %.2f |%n"
                            .formatted(
                                    kind.getKey(), (int) kind.getValue()[1], kind.getValue()[0]));
        }
        table.append(
                "%nWhole network: %.1f ms, of which convolutions (main path) %.1f ms.%n"
                        .formatted(total, convolutionTotal));
        return table.toString();
    }

    /** Median time of each step over the runs of whole passes, after one warm-up pass. */
    private double[] stepLatencies(ModelGraph graph, ModelWeights weights, float[] input) {
        int steps = graph.ops().size();
        double[][] samples = new double[steps][runs];
        try (ModelExecutor executor = ModelExecutor.create(graph, weights)) {
            executor.infer(input);
            for (int run = 0; run < runs; run++) {
                try (ModelExecutor.Pass pass = executor.start(input)) {
                    while (!pass.isDone()) {
                        int index = pass.nextIndex();
                        long start = nanoClock.getAsLong();
                        pass.applyNext();
                        samples[index][run] = (nanoClock.getAsLong() - start) / NANOS_PER_MILLI;
                    }
                }
            }
        }
        double[] medians = new double[steps];
        for (int step = 0; step < steps; step++) {
            medians[step] = median(samples[step]);
        }
        return medians;
    }

    private String convolutionRow(ConvWeights weights, double inModelMillis) {
        ConvLayerShape shape = weights.shape();
        float[] input = uniform(shape.inputLength(), new SplittableRandom(SEED + shape.hashCode()));
        StringBuilder row =
                new StringBuilder(
                        "| %s | %d→%d | %d×%d | %d/%d | %.2f |"
                                .formatted(
                                        shape.name(),
                                        shape.inChannels(),
                                        shape.outChannels(),
                                        shape.inputHeight(),
                                        shape.inputWidth(),
                                        shape.kernelSize(),
                                        shape.stride(),
                                        inModelMillis));
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray weight =
                    manager.create(
                            weights.weight(),
                            new Shape(
                                    shape.outChannels(),
                                    shape.inChannels(),
                                    shape.kernelSize(),
                                    shape.kernelSize()));
            NDArray whole = manager.create(input, batchOf(shape));
            double full = medianMillis(() -> convolve(whole, weight, shape));
            row.append(" %.2f |".formatted(full));
            for (int k : partitionCounts) {
                if (k > shape.splitOutputExtent()) {
                    row.append(" — |");
                    continue;
                }
                double split = splitMillis(manager, weight, ConvSplit.of(shape, k), input);
                row.append(" %.2f (×%.2f) |".formatted(split, split / full));
            }
        }
        return row.append('\n').toString();
    }

    /** The k partition convolutions and the remainder, one after the other, bias-free. */
    private double splitMillis(NDManager manager, NDArray weight, ConvSplit split, float[] input) {
        List<NDArray> slabs = new ArrayList<>();
        List<ConvLayerShape> shapes = new ArrayList<>();
        for (int source = 0; source < split.k(); source++) {
            slabs.add(slab(manager, split, split.source(source), input));
            shapes.add(split.partitionShape());
        }
        if (split.hasRemainder()) {
            slabs.add(slab(manager, split, split.remainder(), input));
            shapes.add(split.shapeOf(split.remainder()));
        }
        return medianMillis(
                () -> {
                    for (int i = 0; i < slabs.size(); i++) {
                        convolve(slabs.get(i), weight, shapes.get(i));
                    }
                });
    }

    /** One convolution whose output is freed at once, so only the computation is timed. */
    private static void convolve(NDArray input, NDArray weight, ConvLayerShape shape) {
        try (NDArray output =
                Conv2d.conv2d(
                                input,
                                weight,
                                null,
                                new Shape(shape.stride(), shape.stride()),
                                new Shape(shape.padding(), shape.padding()),
                                new Shape(1, 1),
                                1)
                        .singletonOrThrow()) {
            output.getShape();
        }
    }

    private static NDArray slab(
            NDManager manager, ConvSplit split, PartitionRange range, float[] input) {
        float[] slab = new float[split.inputSlabLength(range)];
        split.extractInput(input, range, slab);
        return manager.create(slab, batchOf(split.shapeOf(range)));
    }

    private static Shape batchOf(ConvLayerShape shape) {
        return new Shape(1, shape.inChannels(), shape.inputHeight(), shape.inputWidth());
    }

    private double medianMillis(Runnable work) {
        work.run();
        double[] samples = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = nanoClock.getAsLong();
            work.run();
            samples[run] = (nanoClock.getAsLong() - start) / NANOS_PER_MILLI;
        }
        return median(samples);
    }

    private static String kindOf(LayerOp op) {
        if (op instanceof LayerOp.Linear linear) {
            return "linear " + linear.name();
        }
        if (op instanceof LayerOp.AddSkip skip) {
            return skip.projection() == null ? "residual add" : "residual add with projection";
        }
        return switch (op.getClass().getSimpleName()) {
            case "Relu" -> "ReLU";
            case "MaxPool" -> "max pooling";
            case "AdaptiveAvgPool" -> "adaptive average pooling";
            case "BatchNorm" -> "batch norm (folded, no-op)";
            case "SaveSkip" -> "save skip (no-op)";
            default -> op.getClass().getSimpleName().toLowerCase();
        };
    }

    static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static float[] uniform(int length, SplittableRandom random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
