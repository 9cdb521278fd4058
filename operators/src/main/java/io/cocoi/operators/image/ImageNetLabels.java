package io.cocoi.operators.image;

import io.cocoi.operators.engine.Logits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1000 ImageNet class names, index i on line i of the bundled resource {@code
 * imagenet-labels.txt} (taken from the npm package {@code @tensorflow-models/mobilenet}, Apache
 * 2.0, by {@code scripts/imagenet-labels}).
 */
public final class ImageNetLabels {

    public static final int CLASSES = 1000;

    private static final String RESOURCE = "imagenet-labels.txt";

    private static volatile ImageNetLabels instance;

    private final List<String> labels;

    private ImageNetLabels(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    /** The bundled labels, read once. */
    public static ImageNetLabels load() {
        ImageNetLabels labels = instance;
        if (labels == null) {
            synchronized (ImageNetLabels.class) {
                if (instance == null) {
                    instance = new ImageNetLabels(readResource());
                }
                labels = instance;
            }
        }
        return labels;
    }

    /** The name of class {@code index}, for example {@code tench, Tinca tinca} for 0. */
    public String label(int index) {
        if (index < 0 || index >= labels.size()) {
            throw new IndexOutOfBoundsException(
                    "ImageNet class %d, expected 0 to %d".formatted(index, labels.size() - 1));
        }
        return labels.get(index);
    }

    public int size() {
        return labels.size();
    }

    /** The {@code k} most likely classes of 1000 {@code logits}, most likely first. */
    public List<Prediction> top(float[] logits, int k) {
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException(
                    "%d logits, expected one per ImageNet class (%d)"
                            .formatted(logits.length, labels.size()));
        }
        double[] probabilities = Logits.softmax(logits);
        List<Prediction> predictions = new ArrayList<>();
        for (int index : Logits.topIndices(logits, k)) {
            predictions.add(new Prediction(index, labels.get(index), probabilities[index]));
        }
        return predictions;
    }

    /** One class with its softmax probability. */
    public record Prediction(int classIndex, String label, double probability) {

        @Override
        public String toString() {
            return "%5.1f%%  %3d  %s".formatted(100 * probability, classIndex, label);
        }
    }

    private static List<String> readResource() {
        try (InputStream in = ImageNetLabels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource %s is missing next to %s"
                                .formatted(RESOURCE, ImageNetLabels.class.getName()));
            }
            List<String> lines =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .lines()
                            .toList();
            if (lines.size() != CLASSES) {
                throw new IllegalStateException(
                        "resource %s has %d labels, expected %d"
                                .formatted(RESOURCE, lines.size(), CLASSES));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
