package io.cocoi.operators.weights;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.npy.FloatTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a torchvision state dict against a model graph and folds batch norm into the convolution
 * before it: with scale = γ/√(σ² + ε), W' = W·scale per output channel and b' = (b − µ)·scale + β.
 */
final class StateDictBinder {

    /** torchvision's BatchNorm2d default. */
    static final double BATCH_NORM_EPSILON = 1e-5;

    private StateDictBinder() {}

    static ModelWeights bind(ModelGraph graph, Map<String, FloatTensor> stateDict) {
        Map<String, int[]> expected = expectedParameters(graph);
        requireFit(graph.name(), expected, stateDict);

        Map<String, ConvWeights> convolutions = new HashMap<>();
        Map<String, LinearWeights> linears = new HashMap<>();
        List<LayerOp> ops = graph.ops();
        for (int index = 0; index < ops.size(); index++) {
            LayerOp op = ops.get(index);
            if (op instanceof LayerOp.Convolution convolution) {
                LayerOp next = index + 1 < ops.size() ? ops.get(index + 1) : null;
                LayerOp.BatchNorm norm = next instanceof LayerOp.BatchNorm bn ? bn : null;
                convolutions.put(convolution.name(), fold(convolution, norm, stateDict));
            } else if (op instanceof LayerOp.BatchNorm norm
                    && !(index > 0 && ops.get(index - 1) instanceof LayerOp.Convolution)) {
                throw new IllegalArgumentException(
                        "%s: batch norm %s does not follow a convolution, so it cannot be folded"
                                .formatted(graph.name(), norm.name()));
            } else if (op instanceof LayerOp.AddSkip skip && skip.projection() != null) {
                LayerOp.Convolution convolution = skip.projection().convolution();
                convolutions.put(
                        convolution.name(), fold(convolution, skip.projection().norm(), stateDict));
            } else if (op instanceof LayerOp.Linear linear) {
                linears.put(
                        linear.name(),
                        new LinearWeights(
                                linear.name(),
                                linear.inFeatures(),
                                linear.outFeatures(),
                                stateDict.get(linear.name() + ".weight").values(),
                                stateDict.get(linear.name() + ".bias").values()));
            }
        }
        return new ModelWeights(graph.name(), convolutions, linears);
    }

    /** Every key the graph needs, with its shape, in graph order. */
    static Map<String, int[]> expectedParameters(ModelGraph graph) {
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (LayerOp op : graph.ops()) {
            if (op instanceof LayerOp.Convolution convolution) {
                addConvolution(expected, convolution);
            } else if (op instanceof LayerOp.BatchNorm norm) {
                addBatchNorm(expected, norm);
            } else if (op instanceof LayerOp.Linear linear) {
                expected.put(
                        linear.name() + ".weight",
                        new int[] {linear.outFeatures(), linear.inFeatures()});
                expected.put(linear.name() + ".bias", new int[] {linear.outFeatures()});
            } else if (op instanceof LayerOp.AddSkip skip && skip.projection() != null) {
                addConvolution(expected, skip.projection().convolution());
                addBatchNorm(expected, skip.projection().norm());
            }
        }
        return expected;
    }

    private static void addConvolution(
            Map<String, int[]> expected, LayerOp.Convolution convolution) {
        ConvLayerShape shape = convolution.shape();
        expected.put(
                convolution.name() + ".weight",
                new int[] {
                    shape.outChannels(), shape.inChannels(), shape.kernelSize(), shape.kernelSize()
                });
        if (convolution.hasBias()) {
            expected.put(convolution.name() + ".bias", new int[] {shape.outChannels()});
        }
    }

    private static void addBatchNorm(Map<String, int[]> expected, LayerOp.BatchNorm norm) {
        for (String parameter : List.of("weight", "bias", "running_mean", "running_var")) {
            expected.put(norm.name() + "." + parameter, new int[] {norm.channels()});
        }
    }

    private static void requireFit(
            String modelName, Map<String, int[]> expected, Map<String, FloatTensor> stateDict) {
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (Map.Entry<String, int[]> parameter : expected.entrySet()) {
            FloatTensor tensor = stateDict.get(parameter.getKey());
            String shape = FloatTensor.describe(parameter.getValue());
            if (tensor == null) {
                missing.add(parameter.getKey() + " " + shape);
            } else if (!tensor.hasShape(parameter.getValue())) {
                misshaped.add(
                        "%s is %s, expected %s"
                                .formatted(
                                        parameter.getKey(),
                                        FloatTensor.describe(tensor.shape()),
                                        shape));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : stateDict.keySet()) {
            if (!expected.containsKey(key) && !isIgnoredCounter(key, expected)) {
                unexpected.add(key);
            }
        }
        unexpected.sort(null);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new WeightsMismatchException(modelName, missing, unexpected, misshaped);
        }
    }

    /** torchvision saves a batch norm's training step counter; inference has no use for it. */
    private static boolean isIgnoredCounter(String key, Map<String, int[]> expected) {
        String suffix = ".num_batches_tracked";
        return key.endsWith(suffix)
                && expected.containsKey(
                        key.substring(0, key.length() - suffix.length()) + ".running_mean");
    }

    private static ConvWeights fold(
            LayerOp.Convolution convolution,
            LayerOp.BatchNorm norm,
            Map<String, FloatTensor> stateDict) {
        ConvLayerShape shape = convolution.shape();
        float[] weight = stateDict.get(convolution.name() + ".weight").values().clone();
        float[] bias =
                convolution.hasBias()
                        ? stateDict.get(convolution.name() + ".bias").values().clone()
                        : new float[shape.outChannels()];
        if (norm == null) {
            return new ConvWeights(convolution.name(), shape, weight, bias);
        }
        float[] gamma = stateDict.get(norm.name() + ".weight").values();
        float[] beta = stateDict.get(norm.name() + ".bias").values();
        float[] mean = stateDict.get(norm.name() + ".running_mean").values();
        float[] variance = stateDict.get(norm.name() + ".running_var").values();
        int perChannel = weight.length / shape.outChannels();
        for (int channel = 0; channel < shape.outChannels(); channel++) {
            double scale = gamma[channel] / Math.sqrt(variance[channel] + BATCH_NORM_EPSILON);
            for (int i = channel * perChannel; i < (channel + 1) * perChannel; i++) {
                weight[i] = (float) (weight[i] * scale);
            }
            bias[channel] = (float) ((bias[channel] - mean[channel]) * scale + beta[channel]);
        }
        return new ConvWeights(convolution.name(), shape, weight, bias);
    }
}
