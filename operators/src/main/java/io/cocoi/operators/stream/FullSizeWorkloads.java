package io.cocoi.operators.stream;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workloads device emulation charges, always those of the full-size network (reduced variants
 * compute less but emulate the real one): a coded layer's per plan, and the FLOPs of master steps.
 */
final class FullSizeWorkloads {

    private final PipelineSpec spec;
    private final int layer;
    private final Map<Long, LayerWorkload> byPlan = new HashMap<>();
    private ConvLayerShape fullSize;

    /** The workloads of coded layer {@code layer} of the spec's model. */
    FullSizeWorkloads(PipelineSpec spec, int layer) {
        this.spec = spec;
        this.layer = layer;
    }

    /** The layer's workload split k ways onto n workers with the layer's code. */
    LayerWorkload of(int n, int k) {
        return byPlan.computeIfAbsent(
                ((long) n << 32) | k,
                ignored -> LayerWorkload.of(fullSizeShape(), spec.codedStep(layer).code(), n, k));
    }

    /**
     * The FLOPs of steps [{@code fromStep}, {@code toStep}) of the full-size model: its
     * convolutions (residual projections included) and linear layers; element-wise steps are left
     * out as the device profile has no rate for them.
     */
    static double masterStepFlops(PipelineSpec spec, int fromStep, int toStep) {
        ModelGraph full = Models.byName(spec.model(), ModelVariant.FULL);
        List<LayerOp> ops = full.ops();
        if (ops.size() != spec.graph().ops().size()) {
            throw new IllegalStateException(
                    "full-size %s has %d steps, expected %d as the computed variant has"
                            .formatted(spec.model(), ops.size(), spec.graph().ops().size()));
        }
        double flops = 0;
        for (LayerOp op : ops.subList(fromStep, toStep)) {
            if (op instanceof LayerOp.Convolution convolution) {
                flops += convolution.shape().flops();
            } else if (op instanceof LayerOp.AddSkip add && add.projection() != null) {
                flops += add.projection().convolution().shape().flops();
            } else if (op instanceof LayerOp.Linear linear) {
                flops += 2.0 * linear.inFeatures() * linear.outFeatures();
            }
        }
        return flops;
    }

    private ConvLayerShape fullSizeShape() {
        if (fullSize == null) {
            String name = spec.codedStep(layer).convolution();
            fullSize =
                    Models.byName(spec.model(), ModelVariant.FULL).convolutions().stream()
                            .filter(convolution -> convolution.name().equals(name))
                            .map(LayerOp.Convolution::shape)
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "full-size %s has no convolution %s"
                                                            .formatted(spec.model(), name)));
        }
        return fullSize;
    }
}
