package io.cocoi.benchmarks;

import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.codec.geometry.PartitionRange;
import java.util.SplittableRandom;
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
 * Cutting a layer input into its k source slabs and placing k output slabs (and the remainder's)
 * back into the layer output, the copies the master makes around every distributed layer: slab by
 * slab (one strided pass per slab) against all slabs in one front-to-back pass. A new input and
 * output array per call, as in the job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SlabPlacementBenchmark {

    @Param({"conv1_2", "conv3_2"})
    public String layer;

    @Param({"4"})
    public int k;

    private ConvSplit split;
    private float[] input;
    private float[][] outputSlabs;

    @Setup
    public void prepare() {
        split = ConvSplit.of(Vgg16Layers.byName(layer), k);
        SplittableRandom random = new SplittableRandom(5);
        input = new float[split.layer().inputLength()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble();
        }
        outputSlabs = new float[split.hasRemainder() ? k + 1 : k][];
        for (int i = 0; i < outputSlabs.length; i++) {
            outputSlabs[i] = new float[split.outputSlabLength(range(i))];
        }
    }

    @Benchmark
    public float[][] extractSlabBySlab() {
        float[][] slabs = new float[k][split.inputSlabLength(split.source(0))];
        for (int i = 0; i < k; i++) {
            split.extractInput(input, split.source(i), slabs[i]);
        }
        return slabs;
    }

    @Benchmark
    public float[][] extractAllSlabs() {
        return split.extractSourceInputs(input);
    }

    @Benchmark
    public float[] placeSlabBySlab() {
        float[] output = new float[split.layer().outputLength()];
        for (int i = 0; i < outputSlabs.length; i++) {
            split.placeOutput(outputSlabs[i], range(i), output);
        }
        return output;
    }

    @Benchmark
    public float[] placeAllSlabs() {
        float[] output = new float[split.layer().outputLength()];
        split.placeOutputs(outputSlabs, output);
        return output;
    }

    /** Source slab {@code i}, or the remainder after the k sources. */
    private PartitionRange range(int i) {
        return i < k ? split.source(i) : split.remainder();
    }
}
