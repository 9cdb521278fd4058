package io.cocoi.operators.engine;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link LayerPlan} of each distributed convolution of a model graph, by torchvision parameter
 * name; convolutions without a plan run on the master.
 */
public final class NetworkPlan {

    /** Chooses k for the {@code index}-th main-path convolution of shape {@code shape}. */
    @FunctionalInterface
    public interface KChoice {
        int k(int index, ConvLayerShape shape);
    }

    private final Map<String, LayerPlan> layers;

    private NetworkPlan(Map<String, LayerPlan> layers) {
        this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /**
     * A plan for the named convolutions of {@code graph}.
     *
     * @throws IllegalArgumentException if a name is not a main-path convolution of the graph or a k
     *     exceeds that layer's output extent
     */
    public static NetworkPlan of(ModelGraph graph, Map<String, LayerPlan> layers) {
        Map<String, ConvLayerShape> shapes = new LinkedHashMap<>();
        for (LayerOp.Convolution convolution : graph.convolutions()) {
            shapes.put(convolution.name(), convolution.shape());
        }
        for (Map.Entry<String, LayerPlan> layer : layers.entrySet()) {
            ConvLayerShape shape = shapes.get(layer.getKey());
            if (shape == null) {
                throw new IllegalArgumentException(
                        "%s has no convolution '%s' to distribute, expected one of %s"
                                .formatted(graph.name(), layer.getKey(), shapes.keySet()));
            }
            if (layer.getValue().k() > shape.splitOutputExtent()) {
                throw new IllegalArgumentException(
                        "%s layer %s: k=%d, expected at most its output extent %d"
                                .formatted(
                                        graph.name(),
                                        shape.name(),
                                        layer.getValue().k(),
                                        shape.splitOutputExtent()));
            }
        }
        return new NetworkPlan(layers);
    }

    /**
     * Every main-path convolution of {@code graph} with code {@code code} on {@code n} workers and
     * k from {@code choice} (ignored by codes that fix k), capped at the layer's output extent. A
     * layer whose output extent is below a fixed k stays local.
     */
    public static NetworkPlan everyConvolution(
            ModelGraph graph, CodeKind code, int n, KChoice choice) {
        Map<String, LayerPlan> layers = new LinkedHashMap<>();
        List<LayerOp.Convolution> convolutions = graph.convolutions();
        for (int index = 0; index < convolutions.size(); index++) {
            ConvLayerShape shape = convolutions.get(index).shape();
            int extent = shape.splitOutputExtent();
            int fixed = code.fixedK(n);
            if (fixed >= 0) {
                if (fixed <= extent) {
                    layers.put(convolutions.get(index).name(), new LayerPlan(code, n, fixed));
                }
                continue;
            }
            int k = Math.min(choice.k(index, shape), extent);
            layers.put(convolutions.get(index).name(), new LayerPlan(code, n, k));
        }
        return of(graph, layers);
    }

    /** The plan of convolution {@code name}, or null when it runs on the master. */
    public LayerPlan layer(String name) {
        return layers.get(name);
    }

    /** Planned layers in graph order. */
    public Map<String, LayerPlan> layers() {
        return layers;
    }

    @Override
    public String toString() {
        return layers.toString();
    }
}
