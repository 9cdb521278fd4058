package io.cocoi.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Worst-case encode (all n−k parity tasks) and decode (every parity row used) of one VGG16 layer's
 * slabs at n = 10, on one thread; see {@link CodecWorkload} for what each call does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CodecBenchmark {

    /** The seed of the slab contents. */
    static final long DATA_SEED = 0x00C0_DEC0L;

    @Param({
        "conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv4_1",
        "conv4_2", "conv4_3", "conv5_1", "conv5_2", "conv5_3"
    })
    public String layer;

    @Param({"2", "5", "8"})
    public int k;

    private CodecWorkload workload;

    @Setup
    public void prepare() {
        workload = CodecWorkload.prepare(Vgg16Layers.byName(layer), k, DATA_SEED);
    }

    @Benchmark
    public float[][] encode() {
        workload.encodeAllParity();
        return workload.parityTargets();
    }

    @Benchmark
    public float[][] decode() {
        workload.decodeAll();
        return workload.decodedSources();
    }
}
