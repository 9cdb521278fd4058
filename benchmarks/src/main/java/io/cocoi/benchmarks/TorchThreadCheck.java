package io.cocoi.benchmarks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line: runs one VGG16 convolution repeatedly in this JVM's PyTorch engine and prints the
 * engine's thread counts, the median wall time and the process CPU time per wall time, which is
 * close to 1 when torch really computes on one core.
 */
@Command(
        name = "torch-thread-check",
        mixinStandardHelpOptions = true,
        description =
                "Times one VGG16 convolution in DJL's PyTorch engine and reports how many cores it"
                        + " kept busy.")
public final class TorchThreadCheck implements Callable<Integer> {

    private static final int WARMUP_RUNS = 3;

    private static final long NANOS_PER_MILLI = 1_000_000L;

    @Spec private CommandSpec spec;

    @Option(
            names = "--layer",
            defaultValue = "conv3_1",
            description = "VGG16 convolution to run (default: ${DEFAULT-VALUE}).")
    private String layerName;

    @Option(
            names = "--repeats",
            defaultValue = "20",
            description = "Timed runs (default: ${DEFAULT-VALUE}).")
    private int repeats;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TorchThreadCheck()).execute(args));
    }

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--repeats is %d, expected 1 or more".formatted(repeats));
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();

        try (NDManager manager = TorchConvolution.newManager()) {
            TorchConvolution convolution =
                    TorchConvolution.seeded(
                            manager, Vgg16Layers.byName(layerName), ConvolutionBenchmark.DATA_SEED);
            for (int run = 0; run < WARMUP_RUNS; run++) {
                convolution.run().close();
            }

            // Process CPU time counts every native torch thread, so CPU/wall is the cores in use.
            long[] wallNanos = new long[repeats];
            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            for (int run = 0; run < repeats; run++) {
                long start = System.nanoTime();
                try (NDList output = convolution.run()) {
                    wallNanos[run] = System.nanoTime() - start;
                }
            }
            long wallTotal = System.nanoTime() - wallStart;
            long cpuTotal = os.getProcessCpuTime() - cpuStart;

            Arrays.sort(wallNanos);
            double medianMs = (double) wallNanos[repeats / 2] / NANOS_PER_MILLI;
            System.out.printf(
                    "torch intra-op threads %d, inter-op threads %d, OMP_NUM_THREADS=%s,"
                            + " available processors %d%n",
                    TorchConvolution.intraOpThreads(),
                    TorchConvolution.interOpThreads(),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "%s: median %.2f ms over %d runs, process CPU time / wall time %.2f%n",
                    convolution.shape(), medianMs, repeats, (double) cpuTotal / wallTotal);
        }
        return 0;
    }
}
