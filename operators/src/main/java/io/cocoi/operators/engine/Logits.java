package io.cocoi.operators.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Comparisons of classifier outputs: top-k classes and the relative L2 distance of two runs. */
public final class Logits {

    private Logits() {}

    /** The indices of the {@code k} largest logits, largest first; ties go to the lower index. */
    public static int[] topIndices(float[] logits, int k) {
        if (k < 1 || k > logits.length) {
            throw new IllegalArgumentException(
                    "top-%d of %d logits, expected 1 <= k <= %d"
                            .formatted(k, logits.length, logits.length));
        }
        return IntStream.range(0, logits.length)
                .boxed()
                .sorted(
                        Comparator.comparingDouble((Integer index) -> -logits[index])
                                .thenComparingInt(index -> index))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** ‖actual − reference‖₂ / ‖reference‖₂, in float64. */
    public static double relativeL2Error(float[] actual, float[] reference) {
        if (actual.length != reference.length) {
            throw new IllegalArgumentException(
                    "comparing %d logits with %d reference logits, expected equal lengths"
                            .formatted(actual.length, reference.length));
        }
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < reference.length; i++) {
            double delta = (double) actual[i] - reference[i];
            difference += delta * delta;
            norm += (double) reference[i] * reference[i];
        }
        return norm == 0 ? Math.sqrt(difference) : Math.sqrt(difference / norm);
    }

    /** Softmax probabilities, computed stably in float64. */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : logits) {
            max = Math.max(max, value);
        }
        double[] probabilities = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = Math.exp(logits[i] - max);
            sum += probabilities[i];
        }
        double total = sum;
        return Arrays.stream(probabilities).map(p -> p / total).toArray();
    }
}
