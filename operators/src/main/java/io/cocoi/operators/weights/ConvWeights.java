package io.cocoi.operators.weights;

import io.cocoi.codec.geometry.ConvLayerShape;
import java.io.Serializable;

/**
 * The parameters of one convolution with any batch norm already folded in: a C_O×C_I×K×K weight and
 * a C_O bias, as flat float arrays so that they can be shipped to workers as they are.
 *
 * @param name the torchvision parameter prefix, for example {@code features.0}
 * @param shape the convolution these parameters belong to
 * @param weight C_O×C_I×K×K, row-major
 * @param bias C_O; zeros for a convolution that has neither a bias nor a batch norm
 */
public record ConvWeights(String name, ConvLayerShape shape, float[] weight, float[] bias)
        implements Serializable {

    public ConvWeights {
        int expectedWeight =
                shape.outChannels() * shape.inChannels() * shape.kernelSize() * shape.kernelSize();
        if (weight.length != expectedWeight) {
            throw new IllegalArgumentException(
                    "convolution %s: weight has %d floats, expected %d (%dx%dx%dx%d)"
                            .formatted(
                                    name,
                                    weight.length,
                                    expectedWeight,
                                    shape.outChannels(),
                                    shape.inChannels(),
                                    shape.kernelSize(),
                                    shape.kernelSize()));
        }
        if (bias.length != shape.outChannels()) {
            throw new IllegalArgumentException(
                    "convolution %s: bias has %d floats, expected %d output channels"
                            .formatted(name, bias.length, shape.outChannels()));
        }
    }
}
