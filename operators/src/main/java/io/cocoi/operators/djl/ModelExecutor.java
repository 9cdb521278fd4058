package io.cocoi.operators.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.TensorShape;
import io.cocoi.operators.weights.ConvWeights;
import io.cocoi.operators.weights.LinearWeights;
import io.cocoi.operators.weights.ModelWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link ModelGraph} on one device with DJL's PyTorch engine: the single-device reference
 * ({@link #infer}) and, step by step through a {@link Pass}, the local layers of a distributed run.
 *
 * <p>Convolutions run with their bias and with batch norm folded in at load, so {@link
 * LayerOp.BatchNorm} steps are no-ops here. Tensors are NCHW with batch size 1; activations enter
 * and leave as flat CHW float arrays. All weights become native tensors once, when the executor is
 * created, and are freed by {@link #close()}; each pass frees its activations when it closes. Not
 * thread-safe: one executor per thread.
 */
public final class ModelExecutor implements AutoCloseable {

    private static final Shape NO_DILATION = new Shape(1, 1);

    private final ModelGraph graph;
    private final NDManager manager;
    private final Map<String, NDArray[]> convolutions = new HashMap<>();
    private final Map<String, NDArray[]> linears = new HashMap<>();

    private ModelExecutor(ModelGraph graph, ModelWeights weights, int fromStep, int toStep) {
        this.graph = graph;
        this.manager = TorchRuntime.newManager();
        try {
            for (LayerOp op : graph.ops().subList(fromStep, toStep)) {
                if (op instanceof LayerOp.Convolution convolution) {
                    addConvolution(weights.convolution(convolution));
                } else if (op instanceof LayerOp.AddSkip skip && skip.projection() != null) {
                    addConvolution(weights.convolution(skip.projection().convolution()));
                } else if (op instanceof LayerOp.Linear linear) {
                    LinearWeights parameters = weights.linear(linear.name());
                    linears.put(
                            linear.name(),
                            new NDArray[] {
                                manager.create(
                                        parameters.weight(),
                                        new Shape(linear.outFeatures(), linear.inFeatures())),
                                manager.create(parameters.bias())
                            });
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Builds the native weight tensors of {@code graph} from {@code weights}.
     *
     * @throws IllegalArgumentException if the weights lack a layer of the graph or have another
     *     shape
     */
    public static ModelExecutor create(ModelGraph graph, ModelWeights weights) {
        return new ModelExecutor(graph, weights, 0, graph.ops().size());
    }

    /**
     * An executor that holds native weights only for steps [{@code fromStep}, {@code toStep}), the
     * part of the graph one master operator runs; other steps fail if applied.
     */
    public static ModelExecutor forSteps(
            ModelGraph graph, ModelWeights weights, int fromStep, int toStep) {
        if (fromStep < 0 || toStep < fromStep || toStep > graph.ops().size()) {
            throw new IllegalArgumentException(
                    "%s: steps [%d, %d), expected a range within [0, %d]"
                            .formatted(graph.name(), fromStep, toStep, graph.ops().size()));
        }
        return new ModelExecutor(graph, weights, fromStep, toStep);
    }

    public ModelGraph graph() {
        return graph;
    }

    /** Single-device inference: the C×H×W {@code input} through every step; returns the logits. */
    public float[] infer(float[] input) {
        try (Pass pass = start(input)) {
            while (!pass.isDone()) {
                pass.applyNext();
            }
            return pass.values();
        }
    }

    /** Starts a pass over the graph at step 0 with {@code input} (C×H×W, flat). */
    public Pass start(float[] input) {
        return new Pass(0, input);
    }

    /**
     * Continues a pass at step {@code step} with the activation that step consumes and, inside a
     * residual block, the tensor saved in skip slot {@code skipSlot} (null outside one).
     */
    public Pass resume(int step, float[] activation, String skipSlot, float[] skip) {
        Pass pass = new Pass(step, activation);
        if (skipSlot != null) {
            TensorShape shape = pass.skipShape(skipSlot);
            if (skip == null || skip.length != shape.length()) {
                pass.close();
                throw new IllegalArgumentException(
                        "%s step %d: skip slot %s has %d floats, expected %d (%s)"
                                .formatted(
                                        graph.name(),
                                        step,
                                        skipSlot,
                                        skip == null ? 0 : skip.length,
                                        shape.length(),
                                        shape));
            }
            pass.skips.put(skipSlot, pass.scope.create(skip, imageShape(shape)));
        }
        return pass;
    }

    @Override
    public void close() {
        manager.close();
    }

    private void addConvolution(ConvWeights weights) {
        ConvLayerShape shape = weights.shape();
        int kernel = shape.kernelSize();
        convolutions.put(
                weights.name(),
                new NDArray[] {
                    manager.create(
                            weights.weight(),
                            new Shape(shape.outChannels(), shape.inChannels(), kernel, kernel)),
                    manager.create(weights.bias())
                });
    }

    private NDArray convolve(LayerOp.Convolution convolution, NDArray input) {
        NDArray[] parameters = convolutions.get(convolution.name());
        if (parameters == null) {
            throw new IllegalStateException(
                    "%s: this executor holds no weights for %s, outside its steps"
                            .formatted(graph.name(), convolution.name()));
        }
        ConvLayerShape shape = convolution.shape();
        return Conv2d.conv2d(
                        input,
                        parameters[0],
                        parameters[1],
                        new Shape(shape.stride(), shape.stride()),
                        new Shape(shape.padding(), shape.padding()),
                        NO_DILATION,
                        1)
                .singletonOrThrow();
    }

    /**
     * One walk through the graph, a step at a time: {@link #applyNext()} runs the next step here,
     * {@link #replaceNext(float[])} takes the output of the next step (a convolution) from
     * elsewhere, as a coded run does. Skip tensors stay native between steps.
     */
    public final class Pass implements AutoCloseable {

        private final NDManager scope;
        private final Map<String, NDArray> skips = new HashMap<>();
        private NDArray current;
        private int next;

        private Pass(int step, float[] input) {
            if (step < 0 || step > graph.ops().size()) {
                throw new IllegalArgumentException(
                        "%s has steps 0 to %d, cannot start at %d"
                                .formatted(graph.name(), graph.ops().size(), step));
            }
            TensorShape shape = graph.inputShapeOf(step);
            if (input.length != shape.length()) {
                String where = step == 0 ? graph.name() : graph.name() + " step " + step;
                throw new IllegalArgumentException(
                        "%s input has %d floats, expected %d (%s)"
                                .formatted(where, input.length, shape.length(), shape));
            }
            this.scope = manager.newSubManager();
            this.current = scope.create(input, activationShape(step, shape));
            this.next = step;
        }

        /** The slot a residual block saved and has not added back yet, or null. */
        public String openSkipSlot() {
            return skips.isEmpty() ? null : skips.keySet().iterator().next();
        }

        /** The values saved in {@link #openSkipSlot()}, or null. */
        public float[] skipValues() {
            String slot = openSkipSlot();
            return slot == null ? null : skips.get(slot).toFloatArray();
        }

        private TensorShape skipShape(String slot) {
            for (int step = next - 1; step >= 0; step--) {
                if (graph.ops().get(step) instanceof LayerOp.SaveSkip save
                        && save.slot().equals(slot)) {
                    return graph.inputShapeOf(step);
                }
            }
            throw new IllegalArgumentException(
                    "%s: no step before %d saves skip slot %s".formatted(graph.name(), next, slot));
        }

        /** The index of the step that runs next. */
        public int nextIndex() {
            return next;
        }

        public boolean isDone() {
            return next == graph.ops().size();
        }

        public LayerOp nextOp() {
            requireNotDone();
            return graph.ops().get(next);
        }

        /** The current activation as a flat array: the input of the next step. */
        public float[] values() {
            return current.toFloatArray();
        }

        /** Runs the next step on this device. */
        public void applyNext() {
            LayerOp op = nextOp();
            NDArray input = current;
            NDArray output;
            if (op instanceof LayerOp.Convolution convolution) {
                output = convolve(convolution, input);
            } else if (op instanceof LayerOp.Relu) {
                output = Activation.relu(input);
            } else if (op instanceof LayerOp.MaxPool pool) {
                output =
                        Pool.maxPool2d(
                                input,
                                new Shape(pool.kernelSize(), pool.kernelSize()),
                                new Shape(pool.stride(), pool.stride()),
                                new Shape(pool.padding(), pool.padding()),
                                false);
            } else if (op instanceof LayerOp.AdaptiveAvgPool pool) {
                output =
                        JniUtils.adaptiveAvgPool(
                                (PtNDArray) input, new Shape(pool.outputSize(), pool.outputSize()));
            } else if (op instanceof LayerOp.Flatten) {
                output = input.reshape(1, -1);
            } else if (op instanceof LayerOp.Linear linear) {
                NDArray[] parameters = linears.get(linear.name());
                output = Linear.linear(input, parameters[0], parameters[1]).singletonOrThrow();
            } else if (op instanceof LayerOp.SaveSkip save) {
                skips.put(save.slot(), input);
                output = input;
            } else if (op instanceof LayerOp.AddSkip add) {
                output = addSkip(add, input);
            } else if (op instanceof LayerOp.BatchNorm) {
                output = input;
            } else {
                throw new IllegalStateException("unhandled step " + op);
            }
            advance(output);
        }

        /**
         * Takes {@code output} as the result of the next step, which must be a convolution: the
         * decoded output of a distributed layer, bias included.
         */
        public void replaceNext(float[] output) {
            LayerOp op = nextOp();
            if (!(op instanceof LayerOp.Convolution convolution)) {
                throw new IllegalStateException(
                        "%s step %d is %s, only a convolution's output can come from elsewhere"
                                .formatted(graph.name(), next, op));
            }
            TensorShape shape = graph.outputShapeOf(next);
            if (output.length != shape.length()) {
                throw new IllegalArgumentException(
                        "%s: output of %s has %d floats, expected %d (%s)"
                                .formatted(
                                        graph.name(),
                                        convolution.name(),
                                        output.length,
                                        shape.length(),
                                        shape));
            }
            advance(scope.create(output, imageShape(shape)));
        }

        @Override
        public void close() {
            scope.close();
        }

        private NDArray addSkip(LayerOp.AddSkip add, NDArray input) {
            NDArray saved = skips.remove(add.slot());
            List<NDArray> spent = new ArrayList<>(List.of(saved));
            if (add.projection() != null) {
                saved = convolve(add.projection().convolution(), saved);
                spent.add(saved);
            }
            NDArray sum = input.add(saved);
            for (NDArray array : spent) {
                if (array != input && !skips.containsValue(array)) {
                    array.close();
                }
            }
            return sum;
        }

        /** Moves to the next step, freeing the old activation unless a skip slot holds it. */
        private void advance(NDArray output) {
            if (output != current && !skips.containsValue(current)) {
                current.close();
            }
            current = output;
            next++;
        }

        private void requireNotDone() {
            if (isDone()) {
                throw new IllegalStateException(
                        "%s pass has run all %d steps".formatted(graph.name(), next));
            }
        }
    }

    private static Shape imageShape(TensorShape shape) {
        return new Shape(1, shape.channels(), shape.height(), shape.width());
    }

    /** NCHW for the input of step {@code step}, or a row vector once the graph has flattened. */
    private Shape activationShape(int step, TensorShape shape) {
        boolean flat =
                graph.ops().subList(0, step).stream().anyMatch(LayerOp.Flatten.class::isInstance);
        return flat ? new Shape(1, shape.channels()) : imageShape(shape);
    }
}
