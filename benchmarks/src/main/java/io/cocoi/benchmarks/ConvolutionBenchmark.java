package io.cocoi.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole of one VGG16 layer's convolution in DJL's PyTorch engine, bias-free as a worker runs
 * it, on one PyTorch thread: input 1×C_I×H×W, weights C_O×C_I×3×3, padding 1.
 *
 * <p>The fork pins PyTorch to one intra-op and one inter-op thread, and {@link #prepare} refuses to
 * measure if the engine reports otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Xms1g",
            "-Xmx1g",
            "-D" + TorchConvolution.INTRA_OP_THREADS_PROPERTY + "=1",
            "-D" + TorchConvolution.INTER_OP_THREADS_PROPERTY + "=1",
            "-D" + TorchConvolution.OFFLINE_PROPERTY + "=true"
        })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ConvolutionBenchmark {

    /** The seed of the input and weights. */
    static final long DATA_SEED = 0x0C0F_FEEL;

    @Param({
        "conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv4_1",
        "conv4_2", "conv4_3", "conv5_1", "conv5_2", "conv5_3"
    })
    public String layer;

    private NDManager manager;
    private TorchConvolution convolution;

    @Setup
    public void prepare() {
        manager = TorchConvolution.newManager();
        TorchConvolution.requireIntraOpThreads(1);
        ConvLayerShape shape = Vgg16Layers.byName(layer);
        convolution = TorchConvolution.seeded(manager, shape, DATA_SEED);
    }

    @Benchmark
    public long convolve() {
        try (NDList output = convolution.run()) {
            NDArray result = output.singletonOrThrow();
            return result.getShape().size();
        }
    }

    @TearDown
    public void close() {
        manager.close();
    }
}
