package io.cocoi.operators.weights;

import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.npy.FloatTensor;
import io.cocoi.operators.npy.Npz;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * The parameters of one model graph, ready to run: per convolution (projections included) a weight
 * and a bias with batch norm folded in, per linear layer a weight and a bias. Everything is a plain
 * float array, so the object serialises as it is and an executor builds its native tensors from it
 * once.
 */
public final class ModelWeights implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String modelName;
    private final Map<String, ConvWeights> convolutions;
    private final Map<String, LinearWeights> linears;

    ModelWeights(
            String modelName,
            Map<String, ConvWeights> convolutions,
            Map<String, LinearWeights> linears) {
        this.modelName = modelName;
        this.convolutions = Map.copyOf(convolutions);
        this.linears = Map.copyOf(linears);
    }

    /** Weights drawn with torchvision's initialisation scheme from {@code seed}. */
    public static ModelWeights seeded(ModelGraph graph, long seed) {
        return fromStateDict(graph, SeededWeights.torchvision(graph, seed));
    }

    /**
     * Weights from an {@code .npz} file keyed by torchvision {@code state_dict} names.
     *
     * @throws WeightsMismatchException if keys are missing, unexpected or misshaped
     * @throws io.cocoi.operators.npy.NpyFormatException if the file is not a readable archive
     */
    public static ModelWeights fromNpz(ModelGraph graph, Path npzFile) throws IOException {
        return fromStateDict(graph, Npz.read(npzFile));
    }

    /**
     * Checks {@code stateDict} against what {@code graph} needs and folds each batch norm into the
     * convolution before it.
     *
     * @throws WeightsMismatchException if keys are missing, unexpected or misshaped
     */
    public static ModelWeights fromStateDict(ModelGraph graph, Map<String, FloatTensor> stateDict) {
        return StateDictBinder.bind(graph, stateDict);
    }

    public String modelName() {
        return modelName;
    }

    /** The folded parameters of convolution {@code name} (a torchvision prefix). */
    public ConvWeights convolution(String name) {
        ConvWeights weights = convolutions.get(name);
        if (weights == null) {
            throw new IllegalArgumentException(
                    "%s weights have no convolution '%s', expected one of %s"
                            .formatted(modelName, name, convolutions.keySet()));
        }
        return weights;
    }

    public ConvWeights convolution(LayerOp.Convolution convolution) {
        ConvWeights weights = convolution(convolution.name());
        if (!weights.shape().equals(convolution.shape())) {
            throw new IllegalArgumentException(
                    "%s weights of convolution %s are for %s, expected %s"
                            .formatted(
                                    modelName,
                                    convolution.name(),
                                    weights.shape(),
                                    convolution.shape()));
        }
        return weights;
    }

    public LinearWeights linear(String name) {
        LinearWeights weights = linears.get(name);
        if (weights == null) {
            throw new IllegalArgumentException(
                    "%s weights have no linear layer '%s', expected one of %s"
                            .formatted(modelName, name, linears.keySet()));
        }
        return weights;
    }

    /** Total parameter count after folding. */
    public long parameterCount() {
        long count = 0;
        for (ConvWeights weights : convolutions.values()) {
            count += weights.weight().length + weights.bias().length;
        }
        for (LinearWeights weights : linears.values()) {
            count += weights.weight().length + weights.bias().length;
        }
        return count;
    }

    @Override
    public String toString() {
        return "%s weights (%d convolutions, %d linear layers, %d parameters)"
                .formatted(modelName, convolutions.size(), linears.size(), parameterCount());
    }
}
