package io.cocoi.operators;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.weights.ConvWeights;
import java.util.SplittableRandom;

/** Seeded random tensors and convolution weights shared by the operators tests. */
public final class TestTensors {

    private TestTensors() {}

    /** {@code length} floats uniform in [−1, 1). */
    public static float[] uniform(int length, SplittableRandom random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    /** Weight and bias of {@code shape}, uniform in [−1, 1). */
    public static ConvWeights convolutionWeights(ConvLayerShape shape, SplittableRandom random) {
        int kernel = shape.kernelSize();
        return new ConvWeights(
                shape.name(),
                shape,
                uniform(shape.outChannels() * shape.inChannels() * kernel * kernel, random),
                uniform(shape.outChannels(), random));
    }

    /** The relative L2 distance ‖actual − expected‖ / ‖expected‖. */
    public static double relativeDistance(float[] actual, float[] expected) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(difference / norm);
    }

    /** A model input uniform in [−2, 2), about the range of a normalised image. */
    public static float[] modelInput(ModelGraph graph, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] input = new float[graph.inputShape().length()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble(-2, 2);
        }
        return input;
    }
}
