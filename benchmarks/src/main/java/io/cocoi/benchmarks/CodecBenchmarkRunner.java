package io.cocoi.benchmarks;

import io.cocoi.codec.geometry.ConvSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line: runs the convolution benchmarks, the codec and decoder-planning benchmarks, and the
 * convolution benchmarks again (one fork each, sample-time mode), optionally the cache-blocked
 * prototype on the layers that miss the budget, and writes JMH's CSV results and a markdown report
 * of medians.
 */
@Command(
        name = "bench-codec",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks worst-case encode + decode at n=10 against each VGG16 layer's"
                        + " single-threaded DJL convolution.")
public final class CodecBenchmarkRunner implements Callable<Integer> {

    static final String RESULT_NAME = "codec-vs-conv";

    static final String PROTOTYPE_RESULT_NAME = "blocked-prototype";

    static final String CONVOLUTION_RESULT_NAME = "convolution";

    private static final double MEDIAN = 50.0;

    @Spec private CommandSpec spec;

    @Option(
            names = "--output-dir",
            defaultValue = "benchmarks/results",
            description =
                    "Where the CSV results and markdown report go (default: ${DEFAULT-VALUE}).")
    private Path outputDir;

    @Option(
            names = "--layers",
            split = ",",
            description = "VGG16 convolutions to measure (default: all 13).")
    private List<String> layers = Vgg16Layers.names();

    @Option(
            names = "--ks",
            split = ",",
            description = "Source partition counts k at n=10 (default: 2,5,8).")
    private List<Integer> ks = List.of(2, 5, 8);

    @Option(
            names = "--warmup-iterations",
            defaultValue = "2",
            description = "Warmup iterations per fork (default: ${DEFAULT-VALUE}).")
    private int warmupIterations;

    @Option(
            names = "--iterations",
            defaultValue = "3",
            description = "Measurement iterations per fork (default: ${DEFAULT-VALUE}).")
    private int measurementIterations;

    @Option(
            names = "--iteration-seconds",
            defaultValue = "1",
            description = "Length of each iteration (default: ${DEFAULT-VALUE}).")
    private int iterationSeconds;

    @Option(
            names = "--budget-percent",
            defaultValue = "5",
            description =
                    "Encode + decode share of the convolution time that every layer but the first"
                            + " must stay within (default: ${DEFAULT-VALUE}).")
    private double budgetPercent;

    @Option(
            names = "--prototype",
            description =
                    "Also measure the cache-blocked combine prototype on the layers and k values"
                            + " over the budget.")
    private boolean prototype;

    @Option(
            names = "--thread-check",
            description = "Output of torch-thread-check to quote in the report.")
    private Path threadCheck;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CodecBenchmarkRunner()).execute(args));
    }

    @Override
    public Integer call() throws IOException, RunnerException {
        requireValidOptions();
        Files.createDirectories(outputDir);
        Path markdownReport = outputDir.resolve(RESULT_NAME + ".md");
        String loadBefore = MachineFacts.loadAverage();
        long[] ticksBefore = MachineFacts.cpuTicks();
        Instant start = Instant.now();

        // The convolutions, the codec and planning, then the convolutions again: on a shared
        // machine the convolution varies more than the codec, so it is measured on both sides.
        CodecCostReport report = new CodecCostReport(budgetPercent, Vgg16Layers.ALL.get(0).name());
        record(report, new Runner(convolutionOptions("before").build()).run());
        ChainedOptionsBuilder codec =
                options(outputDir.resolve(RESULT_NAME + ".csv"), layers, ks)
                        .include(benchmark(CodecBenchmark.class, "encode"))
                        .include(benchmark(CodecBenchmark.class, "decode"))
                        .include(benchmark(DecoderPlanBenchmark.class, "plan"));
        record(report, new Runner(codec.build()).run());
        record(report, new Runner(convolutionOptions("after").build()).run());

        // The prototype on every layer and k that appear among the misses.
        List<CodecCostReport.Row> misses = report.misses();
        if (prototype && !misses.isEmpty()) {
            TreeSet<String> missedLayers = new TreeSet<>();
            TreeSet<Integer> missedKs = new TreeSet<>();
            misses.forEach(
                    miss -> {
                        missedLayers.add(miss.layer());
                        missedKs.add(miss.k());
                    });
            ChainedOptionsBuilder blocked =
                    options(
                                    outputDir.resolve(PROTOTYPE_RESULT_NAME + ".csv"),
                                    List.copyOf(missedLayers),
                                    List.copyOf(missedKs))
                            .include(benchmark(BlockedCodecBenchmark.class, "encode"))
                            .include(benchmark(BlockedCodecBenchmark.class, "decode"));
            record(report, new Runner(blocked.build()).run());
        }

        Duration elapsed = Duration.between(start, Instant.now());
        String busy = MachineFacts.busyProcessors(ticksBefore, MachineFacts.cpuTicks());
        String load =
                "load average before %s, after %s; processors busy on average %s"
                        .formatted(loadBefore, MachineFacts.loadAverage(), busy);
        String markdown =
                report.markdown(
                        "Codec cost against convolution time, VGG16",
                        conditions(start, elapsed, load));
        Files.writeString(markdownReport, markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        System.out.printf("Results: %s%nReport: %s%n", outputDir, markdownReport);
        return 0;
    }

    /** The convolution benchmarks, their CSV result named after {@code when}. */
    private ChainedOptionsBuilder convolutionOptions(String when) {
        Path csvResult = outputDir.resolve(CONVOLUTION_RESULT_NAME + "-" + when + ".csv");
        return options(csvResult, layers, ks)
                .include(benchmark(ConvolutionBenchmark.class, "convolve"));
    }

    private ChainedOptionsBuilder options(Path csvResult, List<String> layers, List<Integer> ks) {
        TimeValue iterationTime = TimeValue.seconds(iterationSeconds);
        return new OptionsBuilder()
                .param("layer", layers.toArray(String[]::new))
                .param("k", ks.stream().map(String::valueOf).toArray(String[]::new))
                .forks(1)
                .warmupIterations(warmupIterations)
                .warmupTime(iterationTime)
                .measurementIterations(measurementIterations)
                .measurementTime(iterationTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .resultFormat(ResultFormatType.CSV)
                .result(csvResult.toString());
    }

    /** Files each result's median (over every sample of the measurement iterations). */
    private static void record(CodecCostReport report, Collection<RunResult> results) {
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            double median = result.getPrimaryResult().getStatistics().getPercentile(MEDIAN);
            String layer = result.getParams().getParam("layer");
            String k = result.getParams().getParam("k");
            if (benchmark.equals(benchmark(ConvolutionBenchmark.class, "convolve"))) {
                report.convolution(layer, median);
            } else if (benchmark.equals(benchmark(CodecBenchmark.class, "encode"))) {
                report.encode(layer, Integer.parseInt(k), median);
            } else if (benchmark.equals(benchmark(CodecBenchmark.class, "decode"))) {
                report.decode(layer, Integer.parseInt(k), median);
            } else if (benchmark.equals(benchmark(DecoderPlanBenchmark.class, "plan"))) {
                report.plan(Integer.parseInt(k), median);
            } else if (benchmark.equals(benchmark(BlockedCodecBenchmark.class, "encode"))) {
                report.blockedEncode(layer, Integer.parseInt(k), median);
            } else if (benchmark.equals(benchmark(BlockedCodecBenchmark.class, "decode"))) {
                report.blockedDecode(layer, Integer.parseInt(k), median);
            }
        }
    }

    private List<String> conditions(Instant start, Duration elapsed, String load)
            throws IOException {
        List<String> conditions = new ArrayList<>();
        List<String> words = new ArrayList<>();
        words.add(CodecBenchmarkRunner.class.getSimpleName());
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        conditions.add("Command: `%s`".formatted(String.join(" ", words)));
        conditions.add(
                ("Started %s, took %d s; %s (/proc/stat; the forks are single-threaded, so a"
                                + " machine to itself shows a little over 1)")
                        .formatted(
                                start.truncatedTo(ChronoUnit.SECONDS), elapsed.toSeconds(), load));
        conditions.add(
                "Machine: %s, %d processors; %s"
                        .formatted(
                                MachineFacts.cpuModel(),
                                Runtime.getRuntime().availableProcessors(),
                                MachineFacts.jvm()));
        conditions.add(
                ("JMH: sample-time mode, 1 fork per benchmark and parameter set, %d warmup and %d"
                                + " measurement iterations of %d s; every figure is the median"
                                + " of all samples of the measurement iterations")
                        .formatted(warmupIterations, measurementIterations, iterationSeconds));
        conditions.add(
                ("Code: systematic MDS, n=%d; encode = all n−k parity tasks from the k input"
                                + " slabs in one blocked pass (`encodeTasks`), decode = the"
                                + " min(k, n−k) missing sources from the arrival set in one"
                                + " blocked pass (`decodeSources`, planned outside the timing)")
                        .formatted(CodecWorkload.WORKERS));
        conditions.add(
                "Throughput: encode moves n input slabs (k read, n−k written), decode 2k output"
                        + " slabs (k read, k written); MB = 10^6 bytes");
        conditions.add(
                ("Convolution: DJL %s PyTorch engine, full layer, bias-free, batch 1, one"
                                + " intra-op and one inter-op torch thread (checked in each"
                                + " fork), OMP_NUM_THREADS=%s; measured before and after the"
                                + " codec, and the share is of the faster of the two")
                        .formatted(
                                MachineFacts.djlVersion(),
                                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)")));
        if (threadCheck != null) {
            conditions.add(
                    "Thread check (`TorchThreadCheck`, pinned, then torch's default):\n\n```\n"
                            + Files.readString(threadCheck, StandardCharsets.UTF_8).strip()
                            + "\n```\n");
        }
        return conditions;
    }

    private static String benchmark(Class<?> type, String method) {
        return type.getName() + "." + method;
    }

    private void requireValidOptions() {
        for (String layer : layers) {
            try {
                Vgg16Layers.byName(layer);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--layers: " + e.getMessage());
            }
        }
        for (int k : ks) {
            if (k < 1 || k >= CodecWorkload.WORKERS) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--ks: k=%d, expected 1 to %d so that n=%d leaves a parity task"
                                .formatted(k, CodecWorkload.WORKERS - 1, CodecWorkload.WORKERS));
            }
            for (String layer : layers) {
                try {
                    ConvSplit.of(Vgg16Layers.byName(layer), k);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--ks: " + e.getMessage());
                }
            }
        }
        if (warmupIterations < 0 || measurementIterations < 1 || iterationSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    ("warmup %d, measurement %d iterations of %d s; expected 0 or more warmup,"
                                    + " 1 or more measurement iterations and 1 s or more")
                            .formatted(warmupIterations, measurementIterations, iterationSeconds));
        }
    }
}
