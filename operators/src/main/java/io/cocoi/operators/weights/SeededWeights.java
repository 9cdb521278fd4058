package io.cocoi.operators.weights;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.npy.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic state dicts for a model graph, keyed and shaped like torchvision's, drawn from one
 * seed in graph order.
 *
 * <p>{@link #torchvision} follows torchvision's initialisation: convolutions Kaiming normal with
 * fan-out and ReLU gain (std = √(2 / (C_O·K²))) and zero bias; batch norm γ = 1, β = 0, µ = 0, σ² =
 * 1; VGG's linear layers normal with std 0.01 and zero bias; other linear layers PyTorch's default,
 * weight and bias uniform in ±1/√in. Its biases are all zero, so {@link #withRandomStatistics} also
 * draws biases and batch norm statistics, which tests need to see the bias path at work.
 */
public final class SeededWeights {

    private static final double VGG_LINEAR_STD = 0.01;
    private static final double BIAS_RANGE = 0.1;

    private SeededWeights() {}

    /** torchvision's initialisation scheme. */
    public static Map<String, FloatTensor> torchvision(ModelGraph graph, long seed) {
        return draw(graph, new SplittableRandom(seed), false);
    }

    /**
     * torchvision's scheme for weights, plus biases uniform in ±0.1, γ and σ² uniform in [0.5,
     * 1.5), β and µ uniform in ±0.1.
     */
    public static Map<String, FloatTensor> withRandomStatistics(ModelGraph graph, long seed) {
        return draw(graph, new SplittableRandom(seed), true);
    }

    private static Map<String, FloatTensor> draw(
            ModelGraph graph, SplittableRandom random, boolean randomStatistics) {
        Map<String, FloatTensor> stateDict = new LinkedHashMap<>();
        boolean vgg = graph.name().startsWith("vgg");
        for (LayerOp op : graph.ops()) {
            if (op instanceof LayerOp.Convolution convolution) {
                addConvolution(stateDict, convolution, random, randomStatistics);
            } else if (op instanceof LayerOp.BatchNorm norm) {
                addBatchNorm(stateDict, norm, random, randomStatistics);
            } else if (op instanceof LayerOp.Linear linear) {
                addLinear(stateDict, linear, vgg, random, randomStatistics);
            } else if (op instanceof LayerOp.AddSkip skip && skip.projection() != null) {
                addConvolution(
                        stateDict, skip.projection().convolution(), random, randomStatistics);
                addBatchNorm(stateDict, skip.projection().norm(), random, randomStatistics);
            }
        }
        return stateDict;
    }

    private static void addConvolution(
            Map<String, FloatTensor> stateDict,
            LayerOp.Convolution convolution,
            SplittableRandom random,
            boolean randomBias) {
        ConvLayerShape shape = convolution.shape();
        int kernel = shape.kernelSize();
        double std = Math.sqrt(2.0 / (shape.outChannels() * kernel * kernel));
        int[] weightShape = {shape.outChannels(), shape.inChannels(), kernel, kernel};
        stateDict.put(convolution.name() + ".weight", gaussian(weightShape, std, random));
        if (convolution.hasBias()) {
            stateDict.put(
                    convolution.name() + ".bias",
                    randomBias
                            ? uniform(shape.outChannels(), -BIAS_RANGE, BIAS_RANGE, random)
                            : constant(shape.outChannels(), 0f));
        }
    }

    private static void addBatchNorm(
            Map<String, FloatTensor> stateDict,
            LayerOp.BatchNorm norm,
            SplittableRandom random,
            boolean randomStatistics) {
        int channels = norm.channels();
        String prefix = norm.name() + ".";
        if (randomStatistics) {
            stateDict.put(prefix + "weight", uniform(channels, 0.5, 1.5, random));
            stateDict.put(prefix + "bias", uniform(channels, -BIAS_RANGE, BIAS_RANGE, random));
            stateDict.put(
                    prefix + "running_mean", uniform(channels, -BIAS_RANGE, BIAS_RANGE, random));
            stateDict.put(prefix + "running_var", uniform(channels, 0.5, 1.5, random));
        } else {
            stateDict.put(prefix + "weight", constant(channels, 1f));
            stateDict.put(prefix + "bias", constant(channels, 0f));
            stateDict.put(prefix + "running_mean", constant(channels, 0f));
            stateDict.put(prefix + "running_var", constant(channels, 1f));
        }
    }

    private static void addLinear(
            Map<String, FloatTensor> stateDict,
            LayerOp.Linear linear,
            boolean vgg,
            SplittableRandom random,
            boolean randomBias) {
        int[] weightShape = {linear.outFeatures(), linear.inFeatures()};
        double bound = 1.0 / Math.sqrt(linear.inFeatures());
        FloatTensor weight =
                vgg
                        ? gaussian(weightShape, VGG_LINEAR_STD, random)
                        : uniform(weightShape, -bound, bound, random);
        FloatTensor bias;
        if (randomBias) {
            bias = uniform(linear.outFeatures(), -BIAS_RANGE, BIAS_RANGE, random);
        } else {
            bias =
                    vgg
                            ? constant(linear.outFeatures(), 0f)
                            : uniform(linear.outFeatures(), -bound, bound, random);
        }
        stateDict.put(linear.name() + ".weight", weight);
        stateDict.put(linear.name() + ".bias", bias);
    }

    private static FloatTensor gaussian(int[] shape, double std, SplittableRandom random) {
        float[] values = new float[(int) FloatTensor.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return new FloatTensor(shape, values);
    }

    private static FloatTensor uniform(int length, double low, double high, SplittableRandom r) {
        return uniform(new int[] {length}, low, high, r);
    }

    private static FloatTensor uniform(
            int[] shape, double low, double high, SplittableRandom random) {
        float[] values = new float[(int) FloatTensor.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(low, high);
        }
        return new FloatTensor(shape, values);
    }

    private static FloatTensor constant(int length, float value) {
        float[] values = new float[length];
        Arrays.fill(values, value);
        return new FloatTensor(new int[] {length}, values);
    }
}
