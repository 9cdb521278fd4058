package io.cocoi.jobs.cli;

import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.Pi4bProfile;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a {@code --profile} value: {@code pi4b} for the model at hand, or a profile file. */
final class ModelProfiles {

    static final String PI4B = "pi4b";

    private ModelProfiles() {}

    static DeviceProfile resolve(String profile, ModelGraph model) {
        if (PI4B.equalsIgnoreCase(profile.trim())) {
            return pi4b(model);
        }
        Path file = Path.of(profile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "--profile '%s' is neither 'pi4b' nor a readable profile file"
                            .formatted(profile));
        }
        return DeviceProfile.load(file);
    }

    /** The paper's Raspberry Pi 4B figures, calibrated with this model's convolution FLOPs. */
    static DeviceProfile pi4b(ModelGraph model) {
        double flops = convolutionFlops(model);
        return switch (model.name()) {
            case "vgg16" ->
                    Pi4bProfile.forModel(
                            "vgg16",
                            Pi4bProfile.VGG16_LOCAL_SECONDS,
                            Pi4bProfile.VGG16_CONVOLUTION_SHARE,
                            flops);
            case "resnet18" ->
                    Pi4bProfile.forModel(
                            "resnet18",
                            Pi4bProfile.RESNET18_LOCAL_SECONDS,
                            Pi4bProfile.RESNET18_CONVOLUTION_SHARE,
                            flops);
            default ->
                    throw new IllegalArgumentException(
                            "profile pi4b has figures for vgg16 and resnet18, not " + model.name());
        };
    }

    /** Every convolution's FLOPs, ResNet's 1×1 projections included. */
    static double convolutionFlops(ModelGraph model) {
        double flops = 0;
        for (LayerOp op : model.ops()) {
            if (op instanceof LayerOp.Convolution convolution) {
                flops += convolution.shape().flops();
            } else if (op instanceof LayerOp.AddSkip add && add.projection() != null) {
                flops += add.projection().convolution().shape().flops();
            }
        }
        return flops;
    }
}
