package io.cocoi.benchmarks;

import io.cocoi.codec.coding.ErasureCode;
import io.cocoi.codec.coding.LinearDecoder;
import io.cocoi.codec.coding.SystematicMdsCode;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import java.util.Random;

/**
 * The buffers of one layer's worst-case coding work under the default (n, k) systematic code: the k
 * input slabs and n−k parity targets of encoding, and the arrived coded output slabs, decoding plan
 * and k source targets of decoding.
 *
 * <p>Worst case means every parity row is used. Encoding computes all n−k parity tasks. Decoding
 * starts from the arrival set with the most missing sources, min(k, n−k): all n−k parity results
 * plus the first 2k−n systematic ones when k > n/2, otherwise k parity results and no systematic
 * one. Payload sizes are the real slab sizes of {@link ConvSplit#of}; the data is seeded noise, and
 * the coded results are true encodings of it, so decoding reproduces the source slabs.
 */
final class CodecWorkload {

    /** n: the worker count of the benchmark. */
    static final int WORKERS = 10;

    private static final int BYTES_PER_FLOAT = Float.BYTES;

    private final ConvSplit split;
    private final ErasureCode code;
    private final int inputSlabLength;
    private final int outputSlabLength;
    private final float[][] inputSlabs;
    private final float[][] parityTargets;
    private final float[][] outputSources;
    private final int[] arrivedTasks;
    private final float[][] arrivedResults;
    private final LinearDecoder decoder;
    private final float[][] decodedSources;
    private final int[] missingSources;
    private final float[][] missingTargets;
    private final int[] parityTasks;

    private CodecWorkload(ConvLayerShape layer, int k, Random random) {
        this.split = ConvSplit.of(layer, k);
        this.code = new SystematicMdsCode(WORKERS, k);
        this.inputSlabLength = split.inputSlabLength(split.source(0));
        this.outputSlabLength = split.outputSlabLength(split.source(0));

        // Encoding: the k padded input slabs cut from one seeded layer input.
        float[] layerInput = SeededNoise.uniform(layer.inputLength(), random);
        inputSlabs = new float[k][inputSlabLength];
        for (int source = 0; source < k; source++) {
            split.extractInput(layerInput, split.source(source), inputSlabs[source]);
        }
        parityTargets = new float[WORKERS - k][inputSlabLength];

        // Decoding: the coded results of the worst-case arrival set, encoded from seeded outputs.
        outputSources = new float[k][];
        for (int source = 0; source < k; source++) {
            outputSources[source] = SeededNoise.uniform(outputSlabLength, random);
        }
        arrivedTasks = worstCaseArrival(WORKERS, k);
        arrivedResults = new float[arrivedTasks.length][outputSlabLength];
        for (int position = 0; position < arrivedTasks.length; position++) {
            code.encodeTask(arrivedTasks[position], outputSources, arrivedResults[position]);
        }
        decoder = code.decoder(arrivedTasks);
        decodedSources = new float[k][outputSlabLength];

        // The engine places arrived systematic results where they belong and decodes the rest.
        missingSources =
                java.util.stream.IntStream.range(0, k)
                        .filter(source -> decoder.passThroughPosition(source) < 0)
                        .toArray();
        missingTargets = new float[missingSources.length][];
        for (int i = 0; i < missingSources.length; i++) {
            missingTargets[i] = decodedSources[missingSources[i]];
        }
        for (int source = 0; source < k; source++) {
            int position = decoder.passThroughPosition(source);
            if (position >= 0) {
                decodedSources[source] = arrivedResults[position];
            }
        }
        parityTasks = java.util.stream.IntStream.range(k, code.n()).toArray();
    }

    /** Builds the workload of {@code layer} split k ways, with data drawn from {@code seed}. */
    static CodecWorkload prepare(ConvLayerShape layer, int k, long seed) {
        return new CodecWorkload(layer, k, new Random(seed));
    }

    /**
     * The k task indices with the most missing sources: parity tasks k.. first, then the lowest
     * systematic tasks when fewer than k parity tasks exist.
     */
    static int[] worstCaseArrival(int n, int k) {
        int missing = Math.min(k, n - k);
        int[] arrival = new int[k];
        for (int position = 0; position < missing; position++) {
            arrival[position] = k + position;
        }
        for (int position = missing; position < k; position++) {
            arrival[position] = position - missing;
        }
        return arrival;
    }

    /** The generator rows of the n−k parity tasks, as float32 like the codec applies them. */
    float[][] parityRows() {
        float[][] rows = new float[code.n() - code.k()][];
        for (int task = code.k(); task < code.n(); task++) {
            rows[task - code.k()] = toFloats(code.generatorRow(task));
        }
        return rows;
    }

    /** Each source's decoding coefficients over the arrival positions, as float32. */
    float[][] decodingRows() {
        float[][] rows = new float[code.k()][];
        for (int source = 0; source < code.k(); source++) {
            rows[source] = toFloats(decoder.sourceRow(source));
        }
        return rows;
    }

    /** Computes all n−k parity tasks from the k input slabs. */
    void encodeAllParity() {
        code.encodeTasks(parityTasks, inputSlabs, parityTargets);
    }

    /** Rebuilds all k source output slabs from the arrived coded results. */
    void decodeAll() {
        decoder.decodeSources(missingSources, arrivedResults, missingTargets);
    }

    ConvSplit split() {
        return split;
    }

    ErasureCode code() {
        return code;
    }

    int[] arrivedTasks() {
        return arrivedTasks.clone();
    }

    LinearDecoder decoder() {
        return decoder;
    }

    float[][] inputSlabs() {
        return inputSlabs;
    }

    float[][] parityTargets() {
        return parityTargets;
    }

    float[][] arrivedResults() {
        return arrivedResults;
    }

    float[][] outputSources() {
        return outputSources;
    }

    float[][] decodedSources() {
        return decodedSources;
    }

    int inputSlabLength() {
        return inputSlabLength;
    }

    int outputSlabLength() {
        return outputSlabLength;
    }

    /**
     * Bytes one worst-case encode of {@code split} moves at minimum: k input slabs read and n−k
     * parity slabs written.
     */
    static long encodeBytes(ConvSplit split) {
        return (long) WORKERS * split.inputSlabLength(split.source(0)) * BYTES_PER_FLOAT;
    }

    /**
     * Bytes one decode of {@code split} moves at minimum: k coded output slabs read and k source
     * slabs written.
     */
    static long decodeBytes(ConvSplit split) {
        return 2L * split.k() * split.outputSlabLength(split.source(0)) * BYTES_PER_FLOAT;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
