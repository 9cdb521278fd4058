package io.cocoi.operators.tools;

import io.cocoi.operators.djl.ModelExecutor;
import io.cocoi.operators.image.ImageNetLabels;
import io.cocoi.operators.image.ImagePreprocessor;
import io.cocoi.operators.image.ImageRejectedException;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.weights.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Classifies images on this machine alone (single-device inference) and prints the top-5 ImageNet
 * classes of each. With {@code --weights} an {@code .npz} export of torchvision's weights gives
 * real classifications; without it the seeded weights give arbitrary but repeatable ones.
 *
 * <p>Usage: {@code Classify [--model vgg16] [--weights FILE.npz] [--seed 1] IMAGE...}
 */
public final class Classify {

    private static final int TOP = 5;

    private Classify() {}

    public static void main(String[] args) throws IOException {
        Arguments arguments = Arguments.parse("classify", args, Set.of("model", "weights", "seed"));
        if (arguments.positional().isEmpty()) {
            System.err.println(
                    "usage: classify [--model vgg16|resnet18] [--weights FILE.npz] [--seed N]"
                            + " IMAGE...");
            System.exit(2);
        }
        ModelGraph graph = Models.byName(arguments.text("model", "vgg16"), ModelVariant.FULL);
        String weightsFile = arguments.text("weights", null);
        ModelWeights weights =
                weightsFile != null
                        ? ModelWeights.fromNpz(graph, Path.of(weightsFile))
                        : ModelWeights.seeded(graph, arguments.longValue("seed", 1));
        System.out.printf(
                "%s with %s%n",
                graph.name(),
                weightsFile != null
                        ? "weights from " + weightsFile
                        : "seeded weights (classes are arbitrary; pass --weights for real ones)");

        ImagePreprocessor preprocessor = ImagePreprocessor.imagenet();
        ImageNetLabels labels = ImageNetLabels.load();
        int failures = 0;
        try (ModelExecutor executor = ModelExecutor.create(graph, weights)) {
            for (String image : arguments.positional()) {
                System.out.println();
                System.out.println(image);
                try {
                    float[] input = preprocessor.preprocess(Files.readAllBytes(Path.of(image)));
                    for (ImageNetLabels.Prediction prediction :
                            labels.top(executor.infer(input), TOP)) {
                        System.out.println("  " + prediction);
                    }
                } catch (ImageRejectedException e) {
                    failures++;
                    System.out.printf("  rejected (%s): %s%n", e.reason(), e.getMessage());
                }
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
