package io.cocoi.operators.djl;

import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.TensorShape;
import io.cocoi.operators.npy.FloatTensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model graph run with plain loops straight from a torchvision state dict, batch norm unfolded:
 * the independent reference that the DJL executor and the weight folding are checked against.
 */
final class NaiveForward {

    private static final double EPSILON = 1e-5;

    private final ModelGraph graph;
    private final Map<String, FloatTensor> stateDict;

    NaiveForward(ModelGraph graph, Map<String, FloatTensor> stateDict) {
        this.graph = graph;
        this.stateDict = stateDict;
    }

    float[] infer(float[] input) {
        Map<String, float[]> skips = new HashMap<>();
        Map<String, TensorShape> skipShapes = new HashMap<>();
        float[] current = input;
        List<LayerOp> ops = graph.ops();
        for (int index = 0; index < ops.size(); index++) {
            LayerOp op = ops.get(index);
            TensorShape in = graph.inputShapeOf(index);
            TensorShape out = graph.outputShapeOf(index);
            if (op instanceof LayerOp.Convolution convolution) {
                current = convolve(convolution, current);
            } else if (op instanceof LayerOp.BatchNorm norm) {
                current = batchNorm(norm.name(), current, in);
            } else if (op instanceof LayerOp.Relu) {
                current = relu(current);
            } else if (op instanceof LayerOp.MaxPool pool) {
                current = maxPool(pool, current, in, out);
            } else if (op instanceof LayerOp.AdaptiveAvgPool) {
                current = adaptiveAveragePool(current, in, out);
            } else if (op instanceof LayerOp.Linear linear) {
                current = linear(linear, current);
            } else if (op instanceof LayerOp.SaveSkip save) {
                skips.put(save.slot(), current);
                skipShapes.put(save.slot(), in);
            } else if (op instanceof LayerOp.AddSkip add) {
                float[] saved = skips.remove(add.slot());
                if (add.projection() != null) {
                    saved = convolve(add.projection().convolution(), saved);
                    saved = batchNorm(add.projection().norm().name(), saved, out);
                }
                float[] sum = new float[current.length];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = current[i] + saved[i];
                }
                current = sum;
            }
        }
        return current;
    }

    private float[] convolve(LayerOp.Convolution convolution, float[] input) {
        FloatTensor bias = stateDict.get(convolution.name() + ".bias");
        return NaiveConvolution.convolve(
                convolution.shape(),
                input,
                stateDict.get(convolution.name() + ".weight").values(),
                convolution.hasBias() ? bias.values() : null);
    }

    private float[] batchNorm(String name, float[] input, TensorShape shape) {
        float[] gamma = stateDict.get(name + ".weight").values();
        float[] beta = stateDict.get(name + ".bias").values();
        float[] mean = stateDict.get(name + ".running_mean").values();
        float[] variance = stateDict.get(name + ".running_var").values();
        int plane = shape.height() * shape.width();
        float[] output = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            int c = i / plane;
            output[i] =
                    (float)
                            ((input[i] - mean[c]) / Math.sqrt(variance[c] + EPSILON) * gamma[c]
                                    + beta[c]);
        }
        return output;
    }

    private static float[] relu(float[] input) {
        float[] output = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            output[i] = Math.max(0f, input[i]);
        }
        return output;
    }

    private static float[] maxPool(
            LayerOp.MaxPool pool, float[] input, TensorShape in, TensorShape out) {
        float[] output = new float[out.length()];
        for (int c = 0; c < out.channels(); c++) {
            for (int row = 0; row < out.height(); row++) {
                for (int column = 0; column < out.width(); column++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < pool.kernelSize(); dy++) {
                        for (int dx = 0; dx < pool.kernelSize(); dx++) {
                            int y = row * pool.stride() + dy - pool.padding();
                            int x = column * pool.stride() + dx - pool.padding();
                            if (y >= 0 && y < in.height() && x >= 0 && x < in.width()) {
                                max = Math.max(max, input[(c * in.height() + y) * in.width() + x]);
                            }
                        }
                    }
                    output[(c * out.height() + row) * out.width() + column] = max;
                }
            }
        }
        return output;
    }

    /** PyTorch's bins: output i averages input [⌊i·I/O⌋, ⌈(i+1)·I/O⌉). */
    private static float[] adaptiveAveragePool(float[] input, TensorShape in, TensorShape out) {
        float[] output = new float[out.length()];
        for (int c = 0; c < out.channels(); c++) {
            for (int row = 0; row < out.height(); row++) {
                int top = row * in.height() / out.height();
                int bottom = ceilDiv((row + 1) * in.height(), out.height());
                for (int column = 0; column < out.width(); column++) {
                    int left = column * in.width() / out.width();
                    int right = ceilDiv((column + 1) * in.width(), out.width());
                    double sum = 0;
                    for (int y = top; y < bottom; y++) {
                        for (int x = left; x < right; x++) {
                            sum += input[(c * in.height() + y) * in.width() + x];
                        }
                    }
                    output[(c * out.height() + row) * out.width() + column] =
                            (float) (sum / ((bottom - top) * (right - left)));
                }
            }
        }
        return output;
    }

    private float[] linear(LayerOp.Linear linear, float[] input) {
        float[] weight = stateDict.get(linear.name() + ".weight").values();
        float[] bias = stateDict.get(linear.name() + ".bias").values();
        float[] output = new float[linear.outFeatures()];
        for (int o = 0; o < output.length; o++) {
            double sum = bias[o];
            for (int i = 0; i < linear.inFeatures(); i++) {
                sum += (double) weight[o * linear.inFeatures() + i] * input[i];
            }
            output[o] = (float) sum;
        }
        return output;
    }

    private static int ceilDiv(int numerator, int denominator) {
        return -Math.floorDiv(-numerator, denominator);
    }
}
