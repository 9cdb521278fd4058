package io.cocoi.operators.djl;

import io.cocoi.codec.geometry.ConvLayerShape;

/** A direct-loop 2D convolution in float64, the reference the DJL executors are checked against. */
public final class NaiveConvolution {

    private NaiveConvolution() {}

    /** C_O×H_O×W_O output of {@code shape} on a C_I×H×W input; {@code bias} may be null. */
    public static float[] convolve(
            ConvLayerShape shape, float[] input, float[] weight, float[] bias) {
        int kernel = shape.kernelSize();
        int outputHeight = shape.outputHeight();
        int outputWidth = shape.outputWidth();
        float[] output = new float[shape.outputLength()];
        for (int out = 0; out < shape.outChannels(); out++) {
            for (int row = 0; row < outputHeight; row++) {
                for (int column = 0; column < outputWidth; column++) {
                    double sum = bias == null ? 0 : bias[out];
                    for (int in = 0; in < shape.inChannels(); in++) {
                        for (int dy = 0; dy < kernel; dy++) {
                            int y = row * shape.stride() + dy - shape.padding();
                            if (y < 0 || y >= shape.inputHeight()) {
                                continue;
                            }
                            for (int dx = 0; dx < kernel; dx++) {
                                int x = column * shape.stride() + dx - shape.padding();
                                if (x < 0 || x >= shape.inputWidth()) {
                                    continue;
                                }
                                int weightIndex =
                                        ((out * shape.inChannels() + in) * kernel + dy) * kernel
                                                + dx;
                                int inputIndex =
                                        (in * shape.inputHeight() + y) * shape.inputWidth() + x;
                                sum += (double) weight[weightIndex] * input[inputIndex];
                            }
                        }
                    }
                    output[(out * outputHeight + row) * outputWidth + column] = (float) sum;
                }
            }
        }
        return output;
    }
}
