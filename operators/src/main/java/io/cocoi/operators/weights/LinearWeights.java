package io.cocoi.operators.weights;

import java.io.Serializable;

/**
 * The parameters of one fully connected layer y = W·x + b.
 *
 * @param weight out×in, row-major
 * @param bias out
 */
public record LinearWeights(
        String name, int inFeatures, int outFeatures, float[] weight, float[] bias)
        implements Serializable {

    public LinearWeights {
        if (weight.length != (long) inFeatures * outFeatures) {
            throw new IllegalArgumentException(
                    "linear %s: weight has %d floats, expected %d (%dx%d)"
                            .formatted(
                                    name,
                                    weight.length,
                                    (long) inFeatures * outFeatures,
                                    outFeatures,
                                    inFeatures));
        }
        if (bias.length != outFeatures) {
            throw new IllegalArgumentException(
                    "linear %s: bias has %d floats, expected %d"
                            .formatted(name, bias.length, outFeatures));
        }
    }
}
