package io.cocoi.codec.geometry;

/** Reference convolution by the definition, without bias, for checking the split geometry. */
final class NaiveConvolution {

    private NaiveConvolution() {}

    /** Weights are C_O×C_I×K×K; input C_I×H×W; returns C_O×H_O×W_O. */
    static float[] convolve(ConvLayerShape shape, float[] input, float[] weights) {
        int kernel = shape.kernelSize();
        int outputHeight = shape.outputHeight();
        int outputWidth = shape.outputWidth();
        float[] output = new float[shape.outputLength()];
        for (int out = 0; out < shape.outChannels(); out++) {
            for (int y = 0; y < outputHeight; y++) {
                for (int x = 0; x < outputWidth; x++) {
                    double sum = 0;
                    for (int in = 0; in < shape.inChannels(); in++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                int row = y * shape.stride() + ky - shape.padding();
                                int column = x * shape.stride() + kx - shape.padding();
                                if (row < 0 || row >= shape.inputHeight()) {
                                    continue;
                                }
                                if (column < 0 || column >= shape.inputWidth()) {
                                    continue;
                                }
                                float value =
                                        input[
                                                (in * shape.inputHeight() + row)
                                                                * shape.inputWidth()
                                                        + column];
                                float weight =
                                        weights[
                                                ((out * shape.inChannels() + in) * kernel + ky)
                                                                * kernel
                                                        + kx];
                                sum += (double) value * weight;
                            }
                        }
                    }
                    output[(out * outputHeight + y) * outputWidth + x] = (float) sum;
                }
            }
        }
        return output;
    }
}
