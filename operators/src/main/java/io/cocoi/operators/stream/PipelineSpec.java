package io.cocoi.operators.stream;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.codec.latency.Planner;
import io.cocoi.operators.djl.TorchRuntime;
import io.cocoi.operators.engine.CodedLayer;
import io.cocoi.operators.engine.LayerPlan;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.weights.ModelWeights;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every operator of the coded pipeline needs to rebuild its part: the model and its weights
 * (seeded, or an {@code .npz} file present at the same path on every node), n, and per distributed
 * convolution its graph step, code and k; plus the decode deadline per layer, the fault injection
 * of the workers and their device emulation, if any. Serializable and small: weights are never
 * shipped with the job.
 */
public final class PipelineSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Weights loaded in this JVM, shared by every operator that asks for the same ones. */
    private static final Map<String, ModelWeights> WEIGHTS = new ConcurrentHashMap<>();

    private final String model;
    private final int widthDivisor;
    private final int imageSize;
    private final long weightSeed;
    private final String weightsPath;
    private final int workers;
    private final List<CodedStep> codedSteps;
    private final long layerTimeoutMs;
    private final long graceMs;
    private final WorkerFaults faults;
    private final DeviceEmulator emulation;
    private final int torchThreads;
    private final AdaptivePlanning adaptive;
    private transient ModelGraph graph;

    /**
     * One distributed convolution: its step in the graph and its (code, n, k). n is the job's
     * worker count, or fewer for a code that fixes k on a layer too narrow for that k.
     */
    public record CodedStep(int step, String convolution, CodeKind code, int workers, int k)
            implements Serializable {}

    private PipelineSpec(Builder builder, List<CodedStep> codedSteps) {
        this.model = builder.model;
        this.widthDivisor = builder.variant.widthDivisor();
        this.imageSize = builder.variant.imageSize();
        this.weightSeed = builder.weightSeed;
        this.weightsPath = builder.weightsFile == null ? null : builder.weightsFile.toString();
        this.workers = builder.workers;
        this.codedSteps = List.copyOf(codedSteps);
        this.layerTimeoutMs = builder.layerTimeout.toMillis();
        this.graceMs = builder.grace.toMillis();
        this.faults = builder.faults;
        this.emulation = builder.emulation;
        this.torchThreads = builder.torchThreads;
        this.adaptive = builder.adaptive;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String model() {
        return model;
    }

    public ModelVariant variant() {
        return new ModelVariant(widthDivisor, imageSize);
    }

    public int workers() {
        return workers;
    }

    public List<CodedStep> codedSteps() {
        return codedSteps;
    }

    public CodedStep codedStep(int layer) {
        return codedSteps.get(layer);
    }

    /** The display name of distributed layer {@code layer}, for example {@code conv3_1}. */
    public String layerName(int layer) {
        return layerShape(layer).name();
    }

    /** The coded form of distributed layer {@code layer} with its submitted plan. */
    public CodedLayer newCodedLayer(int layer) {
        return newCodedLayer(layer, layerPlan(layer));
    }

    /** The coded form of distributed layer {@code layer} with {@code plan}. */
    public CodedLayer newCodedLayer(int layer, LayerPlan plan) {
        return CodedLayer.create(weights().convolution(codedStep(layer).convolution()), plan);
    }

    /** The submitted plan of distributed layer {@code layer}: its n workers and k. */
    public LayerPlan layerPlan(int layer) {
        CodedStep step = codedSteps.get(layer);
        return new LayerPlan(step.code(), step.workers(), step.k());
    }

    /**
     * The submitted plan of layer {@code layer} carried over to {@code liveWorkers} workers: a code
     * that fixes k takes its k for them (uncoded n', replication ⌊n'/2⌋; a layer already on fewer
     * workers than n keeps them while they live), LT keeps k, and an MDS code keeps its n − k spare
     * tasks while it can, k' = k − (n − n') clamped to [1, n'].
     */
    public LayerPlan layerPlan(int layer, int liveWorkers) {
        if (liveWorkers < 1) {
            throw new IllegalArgumentException(
                    "pipeline: layer %d planned for %d live workers, expected 1 or more"
                            .formatted(layer, liveWorkers));
        }
        CodedStep step = codedSteps.get(layer);
        if (liveWorkers == workers) {
            return layerPlan(layer);
        }
        if (step.code().fixedK(liveWorkers) >= 0) {
            return LayerPlan.fixed(step.code(), Math.min(liveWorkers, step.workers()));
        }
        if (step.code() == CodeKind.LT) {
            return new LayerPlan(step.code(), liveWorkers, step.k());
        }
        int k = Math.max(1, Math.min(liveWorkers, step.k() - (workers - liveWorkers)));
        return new LayerPlan(step.code(), liveWorkers, k);
    }

    /** The shape of distributed layer {@code layer}'s convolution. */
    public ConvLayerShape layerShape(int layer) {
        LayerOp op = graph().ops().get(codedSteps.get(layer).step());
        return ((LayerOp.Convolution) op).shape();
    }

    /** How k is re-planned while the job runs, or null when the submitted plan stays. */
    public AdaptivePlanning adaptive() {
        return adaptive;
    }

    public long layerTimeoutMs() {
        return layerTimeoutMs;
    }

    public Duration grace() {
        return Duration.ofMillis(graceMs);
    }

    public WorkerFaults faults() {
        return faults;
    }

    /** The workers' emulated device time and scenario, or null when they run at real speed. */
    public DeviceEmulator emulation() {
        return emulation;
    }

    /**
     * Sets the PyTorch threads of the calling task thread, when the spec fixes them: an operator
     * calls this in {@code open()}, before its first convolution.
     */
    public void applyTorchThreads() {
        if (torchThreads > 0) {
            TorchRuntime.setThreads(torchThreads);
        }
    }

    public ModelGraph graph() {
        if (graph == null) {
            graph = Models.byName(model, variant());
        }
        return graph;
    }

    /** The model's weights, loaded once per JVM. */
    public ModelWeights weights() {
        String key = "%s/%d/%d/%s".formatted(model, widthDivisor, imageSize, weightsKey());
        return WEIGHTS.computeIfAbsent(key, ignored -> loadWeights());
    }

    /** The graph steps [from, to) the master runs between coded layers {@code layer − 1} and it. */
    public int segmentStart(int layer) {
        return layer == 0 ? 0 : codedSteps.get(layer - 1).step() + 1;
    }

    public int segmentEnd(int layer) {
        return layer == codedSteps.size() ? graph().ops().size() : codedSteps.get(layer).step();
    }

    @Override
    public String toString() {
        return "PipelineSpec{%s %s, n=%d, %d coded layers, timeout %d ms, weights %s%s}"
                .formatted(
                        model,
                        variant(),
                        workers,
                        codedSteps.size(),
                        layerTimeoutMs,
                        weightsKey(),
                        adaptive == null ? "" : ", " + adaptive);
    }

    private String weightsKey() {
        return weightsPath == null ? "seed:" + weightSeed : "npz:" + weightsPath;
    }

    private ModelWeights loadWeights() {
        if (weightsPath == null) {
            return ModelWeights.seeded(graph(), weightSeed);
        }
        try {
            return ModelWeights.fromNpz(graph(), Path.of(weightsPath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights " + weightsPath, e);
        }
    }

    /** Collects settings; every check is in {@link #build()}. */
    public static final class Builder {
        private String model;
        private ModelVariant variant = ModelVariant.FULL;
        private long weightSeed = 1;
        private Path weightsFile;
        private int workers;
        private Map<String, Integer> kByConvolution = Map.of();
        private CodeKind code = CodeKind.SYSTEMATIC;
        private Duration layerTimeout = Duration.ofSeconds(5);
        private Duration grace = Duration.ofSeconds(10);
        private WorkerFaults faults = WorkerFaults.none();
        private DeviceEmulator emulation;
        private int torchThreads;
        private AdaptivePlanning adaptive;

        private Builder() {}

        /** Re-plan k per layer from the task times the master observes (MDS codes only). */
        public Builder optAdaptive(AdaptivePlanning adaptive) {
            this.adaptive = adaptive;
            return this;
        }

        /** PyTorch threads per operator; 0 leaves PyTorch's default (one per core). */
        public Builder optTorchThreads(int torchThreads) {
            this.torchThreads = torchThreads;
            return this;
        }

        public Builder setModel(String model) {
            this.model = model;
            return this;
        }

        public Builder setWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** k per distributed convolution, by torchvision name; other convolutions stay local. */
        public Builder setK(Map<String, Integer> kByConvolution) {
            this.kByConvolution = Map.copyOf(kByConvolution);
            return this;
        }

        public Builder optVariant(ModelVariant variant) {
            this.variant = variant;
            return this;
        }

        public Builder optCode(CodeKind code) {
            this.code = code;
            return this;
        }

        public Builder optWeightSeed(long weightSeed) {
            this.weightSeed = weightSeed;
            return this;
        }

        public Builder optWeightsFile(Path weightsFile) {
            this.weightsFile = weightsFile;
            return this;
        }

        public Builder optLayerTimeout(Duration layerTimeout) {
            this.layerTimeout = layerTimeout;
            return this;
        }

        public Builder optGrace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder optFaults(WorkerFaults faults) {
            this.faults = faults;
            return this;
        }

        /** Workers hold each result until its emulated device time has passed. */
        public Builder optEmulation(DeviceEmulator emulation) {
            this.emulation = emulation;
            return this;
        }

        public PipelineSpec build() {
            if (model == null) {
                throw new IllegalArgumentException("pipeline: a model is required");
            }
            ModelGraph graph = Models.byName(model, variant);
            if (workers < 1) {
                throw new IllegalArgumentException(
                        "pipeline: %d workers, expected 1 or more".formatted(workers));
            }
            if (layerTimeout.isNegative()
                    || layerTimeout.isZero()
                    || grace.isNegative()
                    || grace.isZero()) {
                throw new IllegalArgumentException(
                        "pipeline: layer timeout %s and grace %s, expected positive durations"
                                .formatted(layerTimeout, grace));
            }
            if (torchThreads < 0) {
                throw new IllegalArgumentException(
                        "pipeline: %d PyTorch threads, expected 0 (default) or more"
                                .formatted(torchThreads));
            }
            if (faults.workers() > workers) {
                throw new IllegalArgumentException(
                        "pipeline: faults for %d workers, expected at most n=%d"
                                .formatted(faults.workers(), workers));
            }
            if (adaptive != null && !Planner.plans(code)) {
                throw new IllegalArgumentException(
                        ("pipeline: adaptive planning re-plans the k of systematic or vandermonde"
                                        + " codes, not of %s, which fixes k or is rateless")
                                .formatted(code.cliName()));
            }
            if (emulation != null && emulation.workers() != workers) {
                throw new IllegalArgumentException(
                        "pipeline: device emulation for %d workers, expected n=%d"
                                .formatted(emulation.workers(), workers));
            }
            List<CodedStep> steps = new ArrayList<>();
            List<String> unknown = new ArrayList<>(kByConvolution.keySet());
            for (int step = 0; step < graph.ops().size(); step++) {
                if (graph.ops().get(step) instanceof LayerOp.Convolution convolution
                        && kByConvolution.containsKey(convolution.name())) {
                    int k = kByConvolution.get(convolution.name());
                    LayerPlan plan = new LayerPlan(code, layerWorkers(convolution, k), k);
                    if (plan.k() > convolution.shape().splitOutputExtent()) {
                        throw new IllegalArgumentException(
                                "pipeline: layer %s has k=%d, expected at most its output extent %d"
                                        .formatted(
                                                convolution.shape().name(),
                                                k,
                                                convolution.shape().splitOutputExtent()));
                    }
                    steps.add(new CodedStep(step, convolution.name(), code, plan.n(), k));
                    unknown.remove(convolution.name());
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(
                        "pipeline: %s has no convolutions %s".formatted(graph.name(), unknown));
            }
            return new PipelineSpec(this, steps);
        }

        /**
         * n for a layer with {@code k}: all workers, or for a code that fixes k a smaller k on
         * fewer of them (uncoded k = 7 runs on 7 of 10 workers).
         */
        private int layerWorkers(LayerOp.Convolution convolution, int k) {
            int fixed = code.fixedK(workers);
            if (fixed < 0 || k == fixed) {
                return workers;
            }
            if (k < 1 || k > fixed) {
                throw new IllegalArgumentException(
                        "pipeline: layer %s with code %s has k=%d, expected 1 to %d for n=%d"
                                .formatted(
                                        convolution.shape().name(),
                                        code.cliName(),
                                        k,
                                        fixed,
                                        workers));
            }
            return code.workersFor(k);
        }
    }
}
