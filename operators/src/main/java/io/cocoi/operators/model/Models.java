package io.cocoi.operators.model;

import java.util.List;

/** VGG16 and ResNet18 as torchvision defines them, at full size or reduced. */
public final class Models {

    public static final int IMAGENET_CLASSES = 1000;

    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("vgg16", "resnet18");

    private Models() {}

    /** The model called {@code name} ({@code vgg16} or {@code resnet18}). */
    public static ModelGraph byName(String name, ModelVariant variant) {
        String key = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (key) {
            case "vgg16" -> vgg16(variant);
            case "resnet18" -> resnet18(variant);
            default ->
                    throw new IllegalArgumentException(
                            "unknown model '%s', expected one of %s"
                                    .formatted(name, String.join(", ", NAMES)));
        };
    }

    /** VGG16 (configuration D): 13 3×3 convolutions in 5 blocks, then three linear layers. */
    public static ModelGraph vgg16(ModelVariant variant) {
        ModelGraph.Builder graph = ModelGraph.builder("vgg16", inputShape(variant));
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        int feature = 0;
        for (int block = 0; block < blocks.length; block++) {
            for (int conv = 0; conv < blocks[block].length; conv++) {
                String displayName = "conv%d_%d".formatted(block + 1, conv + 1);
                graph.conv(
                        displayName,
                        "features." + feature,
                        variant.width(blocks[block][conv]),
                        3,
                        1,
                        1,
                        true);
                graph.relu();
                feature += 2;
            }
            graph.maxPool(2, 2, 0);
            feature++;
        }
        int hidden = variant.width(4096);
        return graph.adaptiveAvgPool(7)
                .flatten()
                .linear("classifier.0", hidden)
                .relu()
                .linear("classifier.3", hidden)
                .relu()
                .linear("classifier.6", IMAGENET_CLASSES)
                .build();
    }

    /** ResNet18: a 7×7 stem, four stages of two basic blocks, global pooling and one linear. */
    public static ModelGraph resnet18(ModelVariant variant) {
        ModelGraph.Builder graph = ModelGraph.builder("resnet18", inputShape(variant));
        graph.conv("conv1", "conv1", variant.width(64), 7, 2, 3, false)
                .batchNorm("bn1")
                .relu()
                .maxPool(3, 2, 1);
        int[] stageWidths = {64, 128, 256, 512};
        for (int stage = 0; stage < stageWidths.length; stage++) {
            int width = variant.width(stageWidths[stage]);
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                basicBlock(graph, "layer%d.%d".formatted(stage + 1, block), width, stride);
            }
        }
        return graph.adaptiveAvgPool(1).flatten().linear("fc", IMAGENET_CLASSES).build();
    }

    private static void basicBlock(ModelGraph.Builder graph, String prefix, int width, int stride) {
        boolean projected = stride != 1 || graph.current().channels() != width;
        graph.saveSkip(prefix)
                .conv(prefix + ".conv1", prefix + ".conv1", width, 3, stride, 1, false)
                .batchNorm(prefix + ".bn1")
                .relu()
                .conv(prefix + ".conv2", prefix + ".conv2", width, 3, 1, 1, false)
                .batchNorm(prefix + ".bn2")
                .addSkip(prefix, projected ? prefix + ".downsample" : null)
                .relu();
    }

    private static TensorShape inputShape(ModelVariant variant) {
        return new TensorShape(3, variant.imageSize(), variant.imageSize());
    }
}
