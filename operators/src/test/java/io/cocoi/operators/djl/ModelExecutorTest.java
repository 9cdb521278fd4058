package io.cocoi.operators.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.operators.TestTensors;
import io.cocoi.operators.engine.Logits;
import io.cocoi.operators.model.ModelGraph;
import io.cocoi.operators.model.ModelVariant;
import io.cocoi.operators.model.Models;
import io.cocoi.operators.npy.FloatTensor;
import io.cocoi.operators.weights.ModelWeights;
import io.cocoi.operators.weights.SeededWeights;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelExecutorTest {

    /** float32 through up to 21 layers against float64-accumulated loops. */
    private static final double MAX_RELATIVE_ERROR = 1e-5;

    private static final ModelVariant SMALL = new ModelVariant(8, 64);

    @ParameterizedTest
    @ValueSource(strings = {"vgg16", "resnet18"})
    void matchesALoopImplementationWithUnfoldedBatchNorm(String model) {
        ModelGraph graph = Models.byName(model, SMALL);
        Map<String, FloatTensor> stateDict = SeededWeights.withRandomStatistics(graph, 21);
        float[] input = TestTensors.modelInput(graph, 22);

        float[] logits;
        try (ModelExecutor executor =
                ModelExecutor.create(graph, ModelWeights.fromStateDict(graph, stateDict))) {
            logits = executor.infer(input);
        }

        float[] expected = new NaiveForward(graph, stateDict).infer(input);
        assertThat(logits).hasSize(Models.IMAGENET_CLASSES);
        assertThat(Logits.relativeL2Error(logits, expected)).isLessThan(MAX_RELATIVE_ERROR);
    }

    @Test
    void fullSizeInferenceIsDeterministicForSeededWeights() {
        for (String model : Models.NAMES) {
            ModelGraph graph = Models.byName(model, ModelVariant.FULL);
            float[] input = TestTensors.modelInput(graph, 23);

            float[] first;
            try (ModelExecutor executor =
                    ModelExecutor.create(graph, ModelWeights.seeded(graph, 24))) {
                first = executor.infer(input);
            }
            float[] second;
            try (ModelExecutor executor =
                    ModelExecutor.create(graph, ModelWeights.seeded(graph, 24))) {
                second = executor.infer(input);
            }

            assertThat(first).as(model).hasSize(Models.IMAGENET_CLASSES).containsExactly(second);
            assertThat(first).as(model + " logits are not all equal").doesNotHaveDuplicates();
        }
    }

    @Test
    void aPassTakesAConvolutionOutputFromElsewhere() {
        ModelGraph graph = Models.vgg16(SMALL);
        ModelWeights weights = ModelWeights.seeded(graph, 25);
        float[] input = TestTensors.modelInput(graph, 26);

        try (ModelExecutor executor = ModelExecutor.create(graph, weights);
                DjlConvolution first = DjlConvolution.forLayer(weights.convolution("features.0"))) {
            float[] reference = executor.infer(input);
            float[] logits;
            try (ModelExecutor.Pass pass = executor.start(input)) {
                pass.replaceNext(first.apply(pass.values()));
                while (!pass.isDone()) {
                    pass.applyNext();
                }
                logits = pass.values();
            }

            assertThat(logits).containsExactly(reference);
        }
    }

    @Test
    void rejectsAnInputOfTheWrongSize() {
        ModelGraph graph = Models.resnet18(SMALL);
        try (ModelExecutor executor = ModelExecutor.create(graph, ModelWeights.seeded(graph, 27))) {
            assertThatThrownBy(() -> executor.infer(new float[3 * 32 * 32]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("resnet18 input has 3072 floats, expected 12288 (3x64x64)");
        }
    }

    @Test
    void onlyAConvolutionOutputCanBeReplaced() {
        ModelGraph graph = Models.resnet18(SMALL);
        try (ModelExecutor executor = ModelExecutor.create(graph, ModelWeights.seeded(graph, 28));
                ModelExecutor.Pass pass = executor.start(TestTensors.modelInput(graph, 29))) {
            pass.applyNext();

            assertThatThrownBy(() -> pass.replaceNext(new float[8]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("resnet18 step 1 is BatchNorm[name=bn1");
        }
    }
}
