package io.cocoi.benchmarks;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.util.List;

/** The thirteen convolutions of full-size VGG16 (224×224 input), looked up by layer name. */
final class Vgg16Layers {

    /** In network order, conv1_1 to conv5_3. */
    static final List<ConvLayerShape> ALL =
            Models.vgg16(ModelVariant.FULL).convolutions().stream()
                    .map(LayerOp.Convolution::shape)
                    .toList();

    private Vgg16Layers() {}

    static ConvLayerShape byName(String layerName) {
        return ALL.stream()
                .filter(shape -> shape.name().equals(layerName))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "VGG16 has no convolution '%s', expected one of %s"
                                                .formatted(layerName, names())));
    }

    static List<String> names() {
        return ALL.stream().map(ConvLayerShape::name).toList();
    }
}
