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
 * The same worst-case encode and decode as {@link CodecBenchmark}, through the cache-blocked {@link
 * BlockedCombine} prototype instead of the codec's per-coefficient passes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class BlockedCodecBenchmark {

    @Param({"conv1_2", "conv2_1", "conv2_2", "conv3_1"})
    public String layer;

    @Param({"2", "5", "8"})
    public int k;

    private CodecWorkload workload;
    private float[][] parityRows;
    private float[][] decodingRows;

    @Setup
    public void prepare() {
        workload = CodecWorkload.prepare(Vgg16Layers.byName(layer), k, CodecBenchmark.DATA_SEED);
        parityRows = workload.parityRows();
        decodingRows = workload.decodingRows();
    }

    @Benchmark
    public float[][] encode() {
        BlockedCombine.combineAll(parityRows, workload.inputSlabs(), workload.parityTargets());
        return workload.parityTargets();
    }

    @Benchmark
    public float[][] decode() {
        BlockedCombine.combineAll(
                decodingRows, workload.arrivedResults(), workload.decodedSources());
        return workload.decodedSources();
    }
}
