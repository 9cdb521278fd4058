package io.cocoi.operators.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.InsufficientResultsException;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.operators.TestTensors;
import io.cocoi.operators.djl.DjlConvolution;
import io.cocoi.operators.weights.ConvWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodedLayerTest {

    /** Relative L2 error of a decoded layer output against the one-piece convolution. */
    private static final double MAX_LAYER_ERROR = 1e-5;

    /** W_O = 13 along the width: k = 3 leaves a remainder of one column. */
    private static final ConvLayerShape LAYER = new ConvLayerShape("conv", 5, 7, 3, 1, 1, 9, 13);

    /** ResNet's stem: 7×7, stride 2, padding 3; W_O = 16. */
    private static final ConvLayerShape STEM = new ConvLayerShape("stem", 3, 6, 7, 2, 3, 32, 32);

    @ParameterizedTest
    @CsvSource({"systematic, 5, 3", "vandermonde, 4, 2", "systematic, 4, 4", "lt, 6, 3"})
    void decodesTheLayerOutputFromEveryKSubset(String codeName, int n, int k) {
        LayerPlan plan = new LayerPlan(CodeKind.parse(codeName), n, k);
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(31));
        float[] input = TestTensors.uniform(LAYER.inputLength(), new SplittableRandom(32));

        try (CodedLayer layer = CodedLayer.create(weights, plan);
                DjlConvolution worker = DjlConvolution.forSlab(weights, layer.taskShape());
                DjlConvolution whole = DjlConvolution.forLayer(weights)) {
            float[] expected = whole.apply(input);
            EncodedTasks tasks = layer.encode(input);
            float[][] results = new float[n][];
            for (int task = 0; task < n; task++) {
                results[task] = worker.apply(tasks.task(task));
            }

            int decoded = 0;
            for (int[] subset : subsets(n, k)) {
                if (!layer.code().isSufficient(subset)) {
                    continue;
                }
                float[][] arrived = new float[k][];
                for (int position = 0; position < k; position++) {
                    arrived[position] = results[subset[position]];
                }
                float[] output = layer.decode(subset, arrived, tasks.context());
                assertThat(Logits.relativeL2Error(output, expected))
                        .as("%s from tasks %s", plan, Arrays.toString(subset))
                        .isLessThan(MAX_LAYER_ERROR);
                decoded++;
            }
            assertThat(decoded).isPositive();
        }
    }

    @Test
    void stridedSevenBySevenStemDecodesFromParityAlone() {
        LayerPlan plan = new LayerPlan(CodeKind.SYSTEMATIC, 10, 5);
        ConvWeights weights = TestTensors.convolutionWeights(STEM, new SplittableRandom(33));
        float[] input = TestTensors.uniform(STEM.inputLength(), new SplittableRandom(34));

        try (CodedLayer layer = CodedLayer.create(weights, plan);
                DjlConvolution worker = DjlConvolution.forSlab(weights, layer.taskShape());
                DjlConvolution whole = DjlConvolution.forLayer(weights)) {
            EncodedTasks tasks = layer.encode(input);
            int[] parity = {9, 7, 5, 8, 6};
            float[][] results = new float[parity.length][];
            for (int position = 0; position < parity.length; position++) {
                results[position] = worker.apply(tasks.task(parity[position]));
            }

            float[] output = layer.decode(parity, results, tasks.context());

            assertThat(Logits.relativeL2Error(output, whole.apply(input)))
                    .isLessThan(MAX_LAYER_ERROR);
        }
    }

    @Test
    void systematicTasksAreTheSourceSlabsAndParityTasksAreMixes() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(35));
        try (CodedLayer layer =
                CodedLayer.create(weights, new LayerPlan(CodeKind.SYSTEMATIC, 5, 3))) {
            float[] input = TestTensors.uniform(LAYER.inputLength(), new SplittableRandom(36));
            EncodedTasks tasks = layer.encode(input);

            float[] firstSlab = new float[layer.taskLength()];
            layer.split().extractInput(input, layer.split().source(0), firstSlab);
            assertThat(tasks.count()).isEqualTo(5);
            assertThat(tasks.task(0)).containsExactly(firstSlab);
            assertThat(tasks.task(3)).hasSize(layer.taskLength()).isNotEqualTo(tasks.task(0));
            assertThat(tasks.context().getRemainderInput())
                    .hasSize(layer.split().inputSlabLength(layer.split().remainder()));
        }
    }

    @Test
    void theRemainderCanBeConvolvedBeforeTheResultsArrive() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(37));
        float[] input = TestTensors.uniform(LAYER.inputLength(), new SplittableRandom(38));
        try (CodedLayer layer = CodedLayer.create(weights, new LayerPlan(CodeKind.UNCODED, 3, 3));
                DjlConvolution worker = DjlConvolution.forSlab(weights, layer.taskShape());
                DjlConvolution whole = DjlConvolution.forLayer(weights)) {
            EncodedTasks tasks = layer.encode(input);
            layer.computeRemainder(tasks.context());
            float[] remainder = tasks.context().getRemainderOutput();

            float[][] results = {
                worker.apply(tasks.task(2)),
                worker.apply(tasks.task(0)),
                worker.apply(tasks.task(1))
            };
            float[] output = layer.decode(new int[] {2, 0, 1}, results, tasks.context());

            assertThat(tasks.context().getRemainderOutput()).isSameAs(remainder);
            assertThat(Logits.relativeL2Error(output, whole.apply(input)))
                    .isLessThan(MAX_LAYER_ERROR);
        }
    }

    @Test
    void tooFewResultsFailWithInsufficientResults() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(39));
        try (CodedLayer layer =
                CodedLayer.create(weights, new LayerPlan(CodeKind.SYSTEMATIC, 5, 3))) {
            EncodedTasks tasks = layer.encode(new float[LAYER.inputLength()]);
            float[][] results = {new float[layer.resultLength()], new float[layer.resultLength()]};

            assertThatThrownBy(() -> layer.decode(new int[] {0, 4}, results, tasks.context()))
                    .isInstanceOf(InsufficientResultsException.class)
                    .hasMessageContaining("expected at least k=3");
        }
    }

    @Test
    void aResultOfTheWrongLengthNamesTheTaskTheLayerAndK() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(40));
        try (CodedLayer layer =
                CodedLayer.create(weights, new LayerPlan(CodeKind.SYSTEMATIC, 5, 3))) {
            EncodedTasks tasks = layer.encode(new float[LAYER.inputLength()]);
            int length = layer.resultLength();
            float[][] results = {new float[length], new float[length - 1], new float[length]};

            assertThatThrownBy(() -> layer.decode(new int[] {0, 3, 4}, results, tasks.context()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "coded result from task 3 has 251 floats, expected 252 for layer conv"
                                    + " with k=3");
        }
    }

    @Test
    void aContextOfAnotherLayerIsRejected() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(41));
        try (CodedLayer layer = CodedLayer.create(weights, new LayerPlan(CodeKind.UNCODED, 2, 2))) {
            LayerContext foreign = new LayerContext();
            foreign.setLayerName("conv4_2");

            assertThatThrownBy(() -> layer.decode(new int[] {0, 1}, new float[2][], foreign))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("layer conv: context belongs to layer conv4_2");
        }
    }

    @Test
    void moreSourcesThanOutputColumnsAreRejected() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(42));

        assertThatThrownBy(() -> CodedLayer.create(weights, new LayerPlan(CodeKind.LT, 10, 14)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "layer conv: plan lt(n=10, k=14) has k=14 partitions, expected at most the"
                                + " 13 output columns");
    }

    @Test
    void anInputOfTheWrongLengthIsRejected() {
        ConvWeights weights = TestTensors.convolutionWeights(LAYER, new SplittableRandom(43));
        try (CodedLayer layer =
                CodedLayer.create(weights, new LayerPlan(CodeKind.SYSTEMATIC, 4, 2))) {
            assertThatThrownBy(() -> layer.encode(new float[7]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("layer conv with k=2: input has 7 floats, expected 585 (5x9x13)");
        }
    }

    private static List<int[]> subsets(int n, int k) {
        List<int[]> subsets = new ArrayList<>();
        collect(n, k, 0, new int[k], 0, subsets);
        return subsets;
    }

    private static void collect(int n, int k, int start, int[] chosen, int size, List<int[]> out) {
        if (size == k) {
            out.add(chosen.clone());
            return;
        }
        for (int next = start; next < n; next++) {
            chosen[size] = next;
            collect(n, k, next + 1, chosen, size + 1, out);
        }
    }
}
