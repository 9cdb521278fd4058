package io.cocoi.operators.model;

import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CNN as an explicit list of {@link LayerOp}s with the activation shape after each, which the job
 * walks in order. Built through {@link #builder}, which derives every shape from the input and
 * rejects steps that do not fit the tensor at hand.
 */
public final class ModelGraph {

    private final String name;
    private final TensorShape inputShape;
    private final List<LayerOp> ops;
    private final List<TensorShape> outputShapes;

    private ModelGraph(
            String name, TensorShape inputShape, List<LayerOp> ops, List<TensorShape> shapes) {
        this.name = name;
        this.inputShape = inputShape;
        this.ops = List.copyOf(ops);
        this.outputShapes = List.copyOf(shapes);
    }

    public static Builder builder(String name, TensorShape inputShape) {
        return new Builder(name, inputShape);
    }

    public String name() {
        return name;
    }

    public TensorShape inputShape() {
        return inputShape;
    }

    public List<LayerOp> ops() {
        return ops;
    }

    /** The activation shape that step {@code index} consumes. */
    public TensorShape inputShapeOf(int index) {
        return index == 0 ? inputShape : outputShapes.get(index - 1);
    }

    /** The activation shape that step {@code index} produces. */
    public TensorShape outputShapeOf(int index) {
        return outputShapes.get(index);
    }

    public TensorShape outputShape() {
        return outputShapes.get(outputShapes.size() - 1);
    }

    /** The main-path convolutions in order: the candidates for distribution (type-1). */
    public List<LayerOp.Convolution> convolutions() {
        return ops.stream()
                .filter(LayerOp.Convolution.class::isInstance)
                .map(LayerOp.Convolution.class::cast)
                .toList();
    }

    @Override
    public String toString() {
        return "%s(%s -> %s, %d steps, %d convolutions)"
                .formatted(name, inputShape, outputShape(), ops.size(), convolutions().size());
    }

    /** Appends steps and tracks the activation shape and the skip slots in use. */
    public static final class Builder {

        private final String name;
        private final TensorShape inputShape;
        private final List<LayerOp> ops = new ArrayList<>();
        private final List<TensorShape> shapes = new ArrayList<>();
        private final Map<String, TensorShape> slots = new HashMap<>();
        private TensorShape current;
        private boolean flattened;

        private Builder(String name, TensorShape inputShape) {
            this.name = name;
            this.inputShape = inputShape;
            this.current = inputShape;
        }

        public TensorShape current() {
            return current;
        }

        /** A convolution named {@code displayName} with torchvision prefix {@code paramName}. */
        public Builder conv(
                String displayName,
                String paramName,
                int outChannels,
                int kernelSize,
                int stride,
                int padding,
                boolean hasBias) {
            requireImage("convolution " + displayName);
            ConvLayerShape shape =
                    new ConvLayerShape(
                            displayName,
                            current.channels(),
                            outChannels,
                            kernelSize,
                            stride,
                            padding,
                            current.height(),
                            current.width());
            return append(
                    new LayerOp.Convolution(paramName, shape, hasBias),
                    new TensorShape(outChannels, shape.outputHeight(), shape.outputWidth()));
        }

        public Builder batchNorm(String paramName) {
            requireImage("batch norm " + paramName);
            return append(new LayerOp.BatchNorm(paramName, current.channels()), current);
        }

        public Builder relu() {
            return append(new LayerOp.Relu(), current);
        }

        public Builder maxPool(int kernelSize, int stride, int padding) {
            requireImage("max pooling");
            int height = (current.height() + 2 * padding - kernelSize) / stride + 1;
            int width = (current.width() + 2 * padding - kernelSize) / stride + 1;
            return append(
                    new LayerOp.MaxPool(kernelSize, stride, padding),
                    new TensorShape(current.channels(), height, width));
        }

        public Builder adaptiveAvgPool(int outputSize) {
            requireImage("adaptive average pooling");
            return append(
                    new LayerOp.AdaptiveAvgPool(outputSize),
                    new TensorShape(current.channels(), outputSize, outputSize));
        }

        public Builder flatten() {
            flattened = true;
            return append(new LayerOp.Flatten(), new TensorShape(current.length(), 1, 1));
        }

        public Builder linear(String paramName, int outFeatures) {
            if (current.height() != 1 || current.width() != 1) {
                throw new IllegalStateException(
                        "%s: linear %s needs a flat input, got %s; add flatten() first"
                                .formatted(name, paramName, current));
            }
            return append(
                    new LayerOp.Linear(paramName, current.channels(), outFeatures),
                    new TensorShape(outFeatures, 1, 1));
        }

        public Builder saveSkip(String slot) {
            slots.put(slot, current);
            return append(new LayerOp.SaveSkip(slot), current);
        }

        /**
         * Adds the tensor in {@code slot}; with a non-null {@code projectionName} it first goes
         * through a 1×1 convolution ({@code projectionName + ".0"}) and batch norm ({@code
         * projectionName + ".1"}) with the stride that maps its size onto the current one.
         */
        public Builder addSkip(String slot, String projectionName) {
            TensorShape saved = slots.remove(slot);
            if (saved == null) {
                throw new IllegalStateException(
                        "%s: skip slot '%s' was never saved".formatted(name, slot));
            }
            LayerOp.Projection projection = null;
            if (projectionName != null) {
                int stride = saved.height() / current.height();
                ConvLayerShape shape =
                        new ConvLayerShape(
                                projectionName,
                                saved.channels(),
                                current.channels(),
                                1,
                                stride,
                                0,
                                saved.height(),
                                saved.width());
                projection =
                        new LayerOp.Projection(
                                new LayerOp.Convolution(projectionName + ".0", shape, false),
                                new LayerOp.BatchNorm(projectionName + ".1", current.channels()));
                saved =
                        new TensorShape(
                                current.channels(), shape.outputHeight(), shape.outputWidth());
            }
            if (!saved.equals(current)) {
                throw new IllegalStateException(
                        "%s: skip slot '%s' holds %s, cannot add to %s"
                                .formatted(name, slot, saved, current));
            }
            return append(new LayerOp.AddSkip(slot, projection), current);
        }

        public ModelGraph build() {
            if (!slots.isEmpty()) {
                throw new IllegalStateException(
                        "%s: skip slots %s saved but never added".formatted(name, slots.keySet()));
            }
            if (ops.isEmpty()) {
                throw new IllegalStateException(name + ": a model needs at least one step");
            }
            return new ModelGraph(name, inputShape, ops, shapes);
        }

        private Builder append(LayerOp op, TensorShape output) {
            ops.add(op);
            shapes.add(output);
            current = output;
            return this;
        }

        private void requireImage(String step) {
            if (flattened) {
                throw new IllegalStateException(
                        "%s: %s after flatten, expected an image tensor".formatted(name, step));
            }
        }
    }
}
