package io.cocoi.benchmarks;

import io.cocoi.codec.coding.ErasureCode;
import io.cocoi.codec.coding.LinearDecoder;
import io.cocoi.codec.coding.SystematicMdsCode;
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
 * Planning one decode at n = 10 for the worst-case arrival set: the per-request work before any
 * payload is touched (the float64 inversion of the missing-source block), independent of the layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DecoderPlanBenchmark {

    @Param({"2", "5", "8"})
    public int k;

    private ErasureCode code;
    private int[] arrivedTasks;

    @Setup
    public void prepare() {
        code = new SystematicMdsCode(CodecWorkload.WORKERS, k);
        arrivedTasks = CodecWorkload.worstCaseArrival(CodecWorkload.WORKERS, k);
    }

    @Benchmark
    public LinearDecoder plan() {
        return code.decoder(arrivedTasks);
    }
}
