package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.operators.engine.LayerPlan;
import io.cocoi.operators.model.LayerOp;
import io.cocoi.operators.model.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Codes that fix k on a layer narrower than that k: fewer workers, one partition each. */
class NarrowLayerPlanTest {

    private static final int WORKERS = 6;

    @Test
    void uncodedOnAFourColumnLayerUsesFourOfSixWorkersWhileTheyLive() {
        PipelineSpec spec = spec(CodeKind.UNCODED, 4);

        assertThat(spec.codedStep(0).workers()).isEqualTo(4);
        assertThat(spec.layerPlan(0)).isEqualTo(new LayerPlan(CodeKind.UNCODED, 4, 4));
        assertThat(spec.layerPlan(0, WORKERS)).isEqualTo(new LayerPlan(CodeKind.UNCODED, 4, 4));
        assertThat(spec.layerPlan(0, 5)).isEqualTo(new LayerPlan(CodeKind.UNCODED, 4, 4));
        assertThat(spec.layerPlan(0, 3)).isEqualTo(new LayerPlan(CodeKind.UNCODED, 3, 3));
    }

    @Test
    void replicationWithASmallerKKeepsTwoCopiesOnTwiceKWorkers() {
        PipelineSpec spec = spec(CodeKind.REPLICATION, 2);

        assertThat(spec.layerPlan(0)).isEqualTo(new LayerPlan(CodeKind.REPLICATION, 4, 2));
        assertThat(spec.layerPlan(0, 3)).isEqualTo(new LayerPlan(CodeKind.REPLICATION, 3, 1));
    }

    @Test
    void anMdsCodeKeepsAllWorkersWithKAtMostTheWidth() {
        PipelineSpec spec = spec(CodeKind.SYSTEMATIC, 4);

        assertThat(spec.layerPlan(0)).isEqualTo(new LayerPlan(CodeKind.SYSTEMATIC, WORKERS, 4));
    }

    @Test
    void rejectsAKAboveWhatTheCodeFixesNamingTheLayer() {
        assertThatThrownBy(() -> spec(CodeKind.REPLICATION, 4))
                .hasMessage(
                        "pipeline: layer conv5_3 with code replication has k=4, expected 1 to 3"
                                + " for n=6");
    }

    private static PipelineSpec spec(CodeKind code, int k) {
        List<LayerOp.Convolution> convolutions =
                Models.vgg16(LayerHarnesses.SMALL_VGG16).convolutions();
        LayerOp.Convolution last = convolutions.get(convolutions.size() - 1);
        assertThat(last.shape().splitOutputExtent()).isEqualTo(4);
        return PipelineSpec.builder()
                .setModel("vgg16")
                .optVariant(LayerHarnesses.SMALL_VGG16)
                .setWorkers(WORKERS)
                .setK(Map.of(last.name(), k))
                .optCode(code)
                .build();
    }
}
