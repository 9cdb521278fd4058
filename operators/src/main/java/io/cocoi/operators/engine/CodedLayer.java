package io.cocoi.operators.engine;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.ErasureCode;
import io.cocoi.codec.coding.InsufficientResultsException;
import io.cocoi.codec.coding.LinearDecoder;
import io.cocoi.codec.coding.RecoveryPlan;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.codec.geometry.PartitionRange;
import io.cocoi.codec.geometry.SplitAxis;
import io.cocoi.operators.djl.DjlConvolution;
import io.cocoi.operators.weights.ConvWeights;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One convolution run as k-of-n coded partitions: the master's side of the layer, without Flink.
 *
 * <p>{@link #encode} cuts the layer input into k source slabs along the split axis (padding
 * applied, so workers convolve with padding 0), encodes them into n task payloads and keeps the
 * remainder slab in a {@link LayerContext}. A worker convolves a payload without bias (a {@link
 * DjlConvolution#forSlab} of {@link #taskShape()}); because a coded payload is a linear mix of
 * slabs, its result is the same mix of the slabs' outputs. {@link #decode} recovers the k source
 * outputs from any sufficient set of results, places them, adds the remainder the master convolves
 * itself, then the bias. Everything after the convolution (ReLU, pooling, …) is the caller's.
 *
 * <pre>{@code
 * CodedLayer layer = CodedLayer.create(weights.convolution("features.10"), plan);
 * EncodedTasks tasks = layer.encode(layerInput);           // master
 * float[] result = workerConvolution.apply(tasks.task(i)); // worker i
 * float[] output = layer.decode(arrivedTasks, arrivedResults, tasks.context()); // master
 * }</pre>
 *
 * <p>Not thread-safe; {@link #close()} frees the native remainder convolution.
 */
public final class CodedLayer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodedLayer.class);

    private final ConvWeights weights;
    private final LayerPlan plan;
    private final ConvSplit split;
    private final ErasureCode code;
    private final int[] copiedSource;
    private DjlConvolution remainderConvolution;
    private DjlConvolution sourceConvolution;

    private CodedLayer(ConvWeights weights, LayerPlan plan) {
        this.weights = weights;
        this.plan = plan;
        this.split = ConvSplit.of(weights.shape(), plan.k());
        this.code = plan.code().create(plan.n(), plan.k());
        if (plan.code() == CodeKind.VANDERMONDE && !code.conditionReport().isWellConditioned()) {
            LOG.warn(
                    "layer {}: {} has worst k-subset condition number {}; float32 decoding will"
                            + " lose accuracy, the systematic code stays below 1e3",
                    weights.shape().name(),
                    code,
                    String.format(
                            java.util.Locale.ROOT,
                            "%.3g",
                            code.conditionReport().worstConditionNumber()));
        }
        this.copiedSource = new int[plan.n()];
        for (int task = 0; task < plan.n(); task++) {
            copiedSource[task] = unitColumn(code.generatorRow(task));
        }
    }

    /**
     * The coded form of the convolution {@code weights} belongs to.
     *
     * @throws IllegalArgumentException if k exceeds the layer's output extent along its split axis
     */
    public static CodedLayer create(ConvWeights weights, LayerPlan plan) {
        ConvLayerShape shape = weights.shape();
        if (plan.k() > shape.splitOutputExtent()) {
            throw new IllegalArgumentException(
                    "layer %s: plan %s has k=%d partitions, expected at most the %d output %s"
                            .formatted(
                                    shape.name(),
                                    plan,
                                    plan.k(),
                                    shape.splitOutputExtent(),
                                    shape.splitAxis() == SplitAxis.WIDTH ? "columns" : "rows"));
        }
        return new CodedLayer(weights, plan);
    }

    public String name() {
        return weights.shape().name();
    }

    public LayerPlan plan() {
        return plan;
    }

    public ConvSplit split() {
        return split;
    }

    public ErasureCode code() {
        return code;
    }

    public ConvWeights weights() {
        return weights;
    }

    /** The padding-0 convolution a worker runs on one task payload. */
    public ConvLayerShape taskShape() {
        return split.partitionShape();
    }

    /** Floats in one task payload: C_I × slab height × slab width. */
    public int taskLength() {
        return taskShape().inputLength();
    }

    /** Floats in one coded result: C_O × slab output height × slab output width. */
    public int resultLength() {
        return taskShape().outputLength();
    }

    /**
     * Splits and encodes the C_I×H×W {@code layerInput} into n task payloads.
     *
     * @throws IllegalArgumentException if the input does not have C_I·H·W floats
     */
    public EncodedTasks encode(float[] layerInput) {
        ConvLayerShape shape = weights.shape();
        if (layerInput.length != shape.inputLength()) {
            throw new IllegalArgumentException(
                    "layer %s with k=%d: input has %d floats, expected %d (%dx%dx%d)"
                            .formatted(
                                    name(),
                                    plan.k(),
                                    layerInput.length,
                                    shape.inputLength(),
                                    shape.inChannels(),
                                    shape.inputHeight(),
                                    shape.inputWidth()));
        }

        // Source slabs with their kernel overlap, padding already applied.
        float[][] sources = split.extractSourceInputs(layerInput);

        // Tasks that copy one source share its array; the others are mixed in one blocked pass.
        float[][] tasks = new float[plan.n()][];
        int[] mixed =
                java.util.stream.IntStream.range(0, plan.n())
                        .filter(task -> copiedSource[task] < 0)
                        .toArray();
        float[][] mixes = new float[mixed.length][taskLength()];
        code.encodeTasks(mixed, sources, mixes);
        for (int i = 0; i < mixed.length; i++) {
            tasks[mixed[i]] = mixes[i];
        }
        for (int task = 0; task < tasks.length; task++) {
            if (copiedSource[task] >= 0) {
                tasks[task] = sources[copiedSource[task]];
            }
        }

        float[] remainderInput = null;
        if (split.hasRemainder()) {
            PartitionRange remainder = split.remainder();
            remainderInput = new float[split.inputSlabLength(remainder)];
            split.extractInput(layerInput, remainder, remainderInput);
        }
        return new EncodedTasks(code, sources, tasks, new LayerContext(name(), remainderInput));
    }

    /**
     * Convolves the remainder slab of {@code context} now, if there is one and it has not been
     * done, so that {@link #decode} finds it ready.
     */
    public void computeRemainder(LayerContext context) {
        requireContext(context);
        if (context.getRemainderOutput() != null || context.getRemainderInput() == null) {
            return;
        }
        if (remainderConvolution == null) {
            remainderConvolution =
                    DjlConvolution.forSlab(weights, split.shapeOf(split.remainder()));
        }
        context.setRemainderOutput(remainderConvolution.apply(context.getRemainderInput()));
    }

    /**
     * The C_O×H_O×W_O layer output, bias included, from the results of {@code arrivedTasks} (in
     * arrival order; {@code arrivedResults[i]} is the result of {@code arrivedTasks[i]}, and
     * results the decoder does not use may be null).
     *
     * @throws InsufficientResultsException if the arrived tasks do not determine every partition
     * @throws IllegalArgumentException if a result has the wrong length or the context belongs to
     *     another layer
     */
    public float[] decode(int[] arrivedTasks, float[][] arrivedResults, LayerContext context) {
        requireContext(context);
        requireResults(arrivedTasks, arrivedResults);
        LinearDecoder decoder = code.decoder(arrivedTasks);
        LOG.debug("layer {}: {}", name(), decoder);
        return assemble(decoder, arrivedResults, context);
    }

    /**
     * The layer output when the deadline passed before the arrived results determined every
     * partition: the master convolves the fewest source slabs of {@code layerInput} that complete
     * the set ({@link RecoveryPlan}) and decodes the rest. With sufficient results it computes
     * nothing and equals {@link #decode}.
     *
     * @return the output and the sources the master computed
     */
    public Recovered decodeRecovering(
            int[] arrivedTasks,
            float[][] arrivedResults,
            float[] layerInput,
            LayerContext context) {
        requireContext(context);
        requireResults(arrivedTasks, arrivedResults);
        RecoveryPlan recovery = RecoveryPlan.of(code, arrivedTasks);
        int[] localSources = recovery.localSources();
        float[][] inputs = Arrays.copyOf(arrivedResults, arrivedTasks.length + localSources.length);
        if (localSources.length > 0) {
            if (sourceConvolution == null) {
                sourceConvolution = DjlConvolution.forSlab(weights, taskShape());
            }
            float[] slab = new float[taskLength()];
            for (int i = 0; i < localSources.length; i++) {
                split.extractInput(layerInput, split.source(localSources[i]), slab);
                inputs[arrivedTasks.length + i] = sourceConvolution.apply(slab);
            }
            LOG.warn(
                    "layer {}: results of tasks {} do not decode, master computed sources {}",
                    name(),
                    Arrays.toString(arrivedTasks),
                    Arrays.toString(localSources));
        }
        return new Recovered(assemble(recovery.decoder(), inputs, context), localSources);
    }

    /** A layer output and the source partitions the master had to compute for it. */
    public record Recovered(float[] output, int[] localSources) {}

    /** Places every decoded source, the master's remainder and the bias into the layer output. */
    private float[] assemble(LinearDecoder decoder, float[][] inputs, LayerContext context) {
        float[] output = new float[weights.shape().outputLength()];

        // Sources that arrived as they are are placed directly; the rest decode in one pass.
        int[] missing =
                java.util.stream.IntStream.range(0, plan.k())
                        .filter(source -> decoder.passThroughPosition(source) < 0)
                        .toArray();
        float[][] decoded = new float[missing.length][resultLength()];
        decoder.decodeSources(missing, inputs, decoded);
        float[][] slabs = new float[split.hasRemainder() ? plan.k() + 1 : plan.k()][];
        for (int i = 0; i < missing.length; i++) {
            slabs[missing[i]] = decoded[i];
        }
        for (int source = 0; source < plan.k(); source++) {
            int position = decoder.passThroughPosition(source);
            if (position >= 0) {
                slabs[source] = inputs[position];
            }
        }
        if (split.hasRemainder()) {
            computeRemainder(context);
            slabs[plan.k()] = context.getRemainderOutput();
        }
        split.placeOutputs(slabs, output);
        addBias(output);
        return output;
    }

    @Override
    public void close() {
        if (remainderConvolution != null) {
            remainderConvolution.close();
            remainderConvolution = null;
        }
        if (sourceConvolution != null) {
            sourceConvolution.close();
            sourceConvolution = null;
        }
    }

    @Override
    public String toString() {
        return "coded %s %s".formatted(weights.shape(), plan);
    }

    private void addBias(float[] output) {
        ConvLayerShape shape = weights.shape();
        int plane = shape.outputHeight() * shape.outputWidth();
        float[] bias = weights.bias();
        for (int channel = 0; channel < shape.outChannels(); channel++) {
            float value = bias[channel];
            for (int i = channel * plane; i < (channel + 1) * plane; i++) {
                output[i] += value;
            }
        }
    }

    private void requireContext(LayerContext context) {
        if (context == null || !name().equals(context.getLayerName())) {
            throw new IllegalArgumentException(
                    "layer %s: context belongs to layer %s"
                            .formatted(name(), context == null ? null : context.getLayerName()));
        }
        boolean expected = split.hasRemainder();
        if (context.hasRemainder() != expected) {
            throw new IllegalArgumentException(
                    "layer %s with k=%d: context %s a remainder, expected %s (%d output columns)"
                            .formatted(
                                    name(),
                                    plan.k(),
                                    context.hasRemainder() ? "has" : "lacks",
                                    expected ? "one" : "none",
                                    split.remainderOutputExtent()));
        }
        float[] remainderOutput = context.getRemainderOutput();
        if (remainderOutput != null
                && remainderOutput.length != split.outputSlabLength(split.remainder())) {
            throw new IllegalArgumentException(
                    "layer %s with k=%d: remainder output has %d floats, expected %d"
                            .formatted(
                                    name(),
                                    plan.k(),
                                    remainderOutput.length,
                                    split.outputSlabLength(split.remainder())));
        }
    }

    private void requireResults(int[] arrivedTasks, float[][] arrivedResults) {
        if (arrivedTasks.length != arrivedResults.length) {
            throw new IllegalArgumentException(
                    "layer %s with k=%d: %d coded results for %d arrived tasks %s"
                            .formatted(
                                    name(),
                                    plan.k(),
                                    arrivedResults.length,
                                    arrivedTasks.length,
                                    Arrays.toString(arrivedTasks)));
        }
        for (int position = 0; position < arrivedResults.length; position++) {
            float[] result = arrivedResults[position];
            if (result != null && result.length != resultLength()) {
                throw new IllegalArgumentException(
                        ("coded result from task %d has %d floats, expected %d for layer %s"
                                        + " with k=%d")
                                .formatted(
                                        arrivedTasks[position],
                                        result.length,
                                        resultLength(),
                                        name(),
                                        plan.k()));
            }
        }
    }

    /** The source a generator row copies (a unit vector), or -1 for a mix. */
    private static int unitColumn(double[] row) {
        int column = -1;
        for (int j = 0; j < row.length; j++) {
            if (row[j] == 0.0) {
                continue;
            }
            if (row[j] != 1.0 || column >= 0) {
                return -1;
            }
            column = j;
        }
        return column;
    }
}
