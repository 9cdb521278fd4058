package io.cocoi.operators.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageNetLabelsTest {

    @Test
    void theBundledLabelsAreTheThousandImageNetClassesInOrder() {
        ImageNetLabels labels = ImageNetLabels.load();

        assertThat(labels.size()).isEqualTo(1000);
        assertThat(labels.label(0)).isEqualTo("tench, Tinca tinca");
        assertThat(labels.label(409)).isEqualTo("analog clock");
        assertThat(labels.label(999)).isEqualTo("toilet tissue, toilet paper, bathroom tissue");
    }

    @Test
    void topPredictionsComeMostLikelyFirstWithSoftmaxProbabilities() {
        float[] logits = new float[1000];
        logits[7] = 3;
        logits[409] = 5;
        logits[2] = 4;

        List<ImageNetLabels.Prediction> top = ImageNetLabels.load().top(logits, 3);

        assertThat(top)
                .extracting(ImageNetLabels.Prediction::classIndex)
                .containsExactly(409, 2, 7);
        double denominator = Math.exp(5) + Math.exp(4) + Math.exp(3) + 997;
        assertThat(top.get(0).probability()).isCloseTo(Math.exp(5) / denominator, within(1e-12));
        assertThat(top.get(0).label()).isEqualTo("analog clock");
    }

    @Test
    void logitsOfAnotherLengthAreRejected() {
        assertThatThrownBy(() -> ImageNetLabels.load().top(new float[10], 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("10 logits, expected one per ImageNet class (1000)");
    }
}
