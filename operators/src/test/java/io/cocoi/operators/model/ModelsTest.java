package io.cocoi.operators.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest {

    @Test
    void vgg16HasThirteenConvolutionsWithTorchvisionNames() {
        ModelGraph vgg16 = Models.vgg16(ModelVariant.FULL);
        List<LayerOp.Convolution> convolutions = vgg16.convolutions();

        assertThat(convolutions).hasSize(13);
        assertThat(convolutions.get(0).name()).isEqualTo("features.0");
        assertThat(convolutions.get(12).name()).isEqualTo("features.28");
        assertThat(convolutions.get(4).shape())
                .isEqualTo(new ConvLayerShape("conv3_1", 128, 256, 3, 1, 1, 56, 56));
        assertThat(convolutions.get(12).shape())
                .isEqualTo(new ConvLayerShape("conv5_3", 512, 512, 3, 1, 1, 14, 14));
        assertThat(vgg16.outputShape()).isEqualTo(new TensorShape(1000, 1, 1));
        assertThat(vgg16.ops())
                .filteredOn(LayerOp.Linear.class::isInstance)
                .extracting(op -> ((LayerOp.Linear) op).inFeatures())
                .containsExactly(25088, 4096, 4096);
    }

    @Test
    void resnet18HasAStemSixteenBlockConvolutionsAndThreeProjections() {
        ModelGraph resnet18 = Models.resnet18(ModelVariant.FULL);

        assertThat(resnet18.convolutions()).hasSize(17);
        assertThat(resnet18.convolutions().get(0).shape())
                .isEqualTo(new ConvLayerShape("conv1", 3, 64, 7, 2, 3, 224, 224));
        assertThat(resnet18.convolutions().get(16).shape())
                .isEqualTo(new ConvLayerShape("layer4.1.conv2", 512, 512, 3, 1, 1, 7, 7));
        List<LayerOp.Projection> projections =
                resnet18.ops().stream()
                        .filter(LayerOp.AddSkip.class::isInstance)
                        .map(op -> ((LayerOp.AddSkip) op).projection())
                        .filter(projection -> projection != null)
                        .toList();
        assertThat(projections)
                .extracting(projection -> projection.convolution().name())
                .containsExactly(
                        "layer2.0.downsample.0", "layer3.0.downsample.0", "layer4.0.downsample.0");
        assertThat(projections.get(0).convolution().shape())
                .isEqualTo(new ConvLayerShape("layer2.0.downsample", 64, 128, 1, 2, 0, 56, 56));
        assertThat(resnet18.outputShape()).isEqualTo(new TensorShape(1000, 1, 1));
    }

    @Test
    void reducedVariantsKeepTheLayerStructure() {
        ModelVariant small = new ModelVariant(16, 32);
        ModelGraph vgg16 = Models.vgg16(small);
        ModelGraph resnet18 = Models.resnet18(small);

        assertThat(vgg16.convolutions()).hasSize(13);
        assertThat(vgg16.convolutions().get(12).shape().outChannels()).isEqualTo(32);
        assertThat(vgg16.outputShape()).isEqualTo(new TensorShape(1000, 1, 1));
        assertThat(resnet18.ops()).hasSameSizeAs(Models.resnet18(ModelVariant.FULL).ops());
        assertThat(resnet18.inputShapeOf(0)).isEqualTo(new TensorShape(3, 32, 32));
    }

    @Test
    void unknownModelNamesTheChoices() {
        assertThatThrownBy(() -> Models.byName("alexnet", ModelVariant.FULL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model 'alexnet', expected one of vgg16, resnet18");
        assertThat(Models.byName(" VGG16 ", ModelVariant.FULL).name()).isEqualTo("vgg16");
    }

    @Test
    void builderRejectsStepsThatDoNotFit() {
        ModelGraph.Builder graph = ModelGraph.builder("bad", new TensorShape(3, 8, 8));
        graph.conv("c", "c", 4, 3, 1, 1, true).flatten();

        assertThatThrownBy(() -> graph.conv("d", "d", 4, 3, 1, 1, true))
                .hasMessage("bad: convolution d after flatten, expected an image tensor");
        assertThatThrownBy(
                        () -> ModelGraph.builder("bad", new TensorShape(3, 8, 8)).linear("fc", 10))
                .hasMessage("bad: linear fc needs a flat input, got 3x8x8; add flatten() first");
        assertThatThrownBy(() -> new ModelVariant(3, 224))
                .hasMessageContaining("width divisor 3, expected a divisor of 64");
    }
}
