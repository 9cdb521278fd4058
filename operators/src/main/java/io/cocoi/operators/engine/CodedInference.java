package io.cocoi.operators.engine;

import io.cocoi.operators.djl.DjlConvolution;
import io.cocoi.operators.djl.ModelExecutor;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.weights.ModelWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A whole network run in one process with every planned convolution coded: the test bed for the
 * coded layer engine. Each planned layer is encoded, the tasks that {@link Arrivals} lets through
 * are convolved by a bias-free worker executor, and the master decodes the output from them; all
 * other steps run on a {@link ModelExecutor}, which also gives the single-device reference.
 *
 * <p>Not thread-safe; {@link #close()} frees all native tensors.
 */
public final class CodedInference implements AutoCloseable {

    private final ModelGraph graph;
    private final NetworkPlan plan;
    private final ModelExecutor executor;
    private final Map<String, CodedLayer> layers = new HashMap<>();
    private final Map<String, DjlConvolution> workers = new HashMap<>();

    private CodedInference(ModelGraph graph, ModelWeights weights, NetworkPlan plan) {
        this.graph = graph;
        this.plan = plan;
        this.executor = ModelExecutor.create(graph, weights);
        try {
            for (LayerOp.Convolution convolution : graph.convolutions()) {
                LayerPlan layerPlan = plan.layer(convolution.name());
                if (layerPlan != null) {
                    CodedLayer layer =
                            CodedLayer.create(weights.convolution(convolution), layerPlan);
                    layers.put(convolution.name(), layer);
                    workers.put(
                            convolution.name(),
                            DjlConvolution.forSlab(layer.weights(), layer.taskShape()));
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static CodedInference create(ModelGraph graph, ModelWeights weights, NetworkPlan plan) {
        return new CodedInference(graph, weights, plan);
    }

    public ModelGraph graph() {
        return graph;
    }

    public NetworkPlan plan() {
        return plan;
    }

    /** Single-device reference inference of the same graph and weights. */
    public float[] runLocal(float[] input) {
        return executor.infer(input);
    }

    /**
     * Runs {@code input} through the graph, decoding each planned layer from the tasks {@code
     * arrivals} picks with {@code random}.
     */
    public CodedRun run(float[] input, Arrivals arrivals, RandomGenerator random) {
        List<CodedRun.LayerRecord> records = new ArrayList<>();
        try (ModelExecutor.Pass pass = executor.start(input)) {
            while (!pass.isDone()) {
                CodedLayer layer =
                        pass.nextOp() instanceof LayerOp.Convolution convolution
                                ? layers.get(convolution.name())
                                : null;
                if (layer == null) {
                    pass.applyNext();
                    continue;
                }

                // Master encodes, the arrived workers convolve, the master decodes.
                EncodedTasks tasks = layer.encode(pass.values());
                int[] arrived = arrivals.order(layer.code(), random);
                DjlConvolution worker = workers.get(layer.weights().name());
                float[][] results = new float[arrived.length][];
                for (int position = 0; position < arrived.length; position++) {
                    results[position] = worker.apply(tasks.task(arrived[position]));
                }
                pass.replaceNext(layer.decode(arrived, results, tasks.context()));
                records.add(new CodedRun.LayerRecord(layer.name(), layer.plan(), arrived));
            }
            return new CodedRun(pass.values(), records);
        }
    }

    @Override
    public void close() {
        layers.values().forEach(CodedLayer::close);
        workers.values().forEach(DjlConvolution::close);
        executor.close();
    }
}
