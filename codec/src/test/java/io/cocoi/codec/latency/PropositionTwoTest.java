package io.cocoi.codec.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PropositionTwoTest {

    @Test
    void twentyWorkersAtRatioOneSaveAboutTwentyOnePercent() {
        PropositionTwo result = PropositionTwo.evaluate(20, 1.0);

        // By hand: uncoded (1 + ln 20)/20 = 0.19979; coded at k = 14, (1 + ln(20/6))/14 = 0.15743.
        assertThat(result.bestK()).isEqualTo(14);
        assertThat(result.reduction()).isCloseTo(1 - 0.15743 / 0.19979, within(1e-4));
        assertThat(result.reduction()).isBetween(0.20, 0.22);
    }

    @Test
    void lessStragglingMeansLessReduction() {
        assertThat(PropositionTwo.evaluate(10, 4.0).reduction())
                .isLessThan(PropositionTwo.evaluate(10, 1.0).reduction());
        assertThatThrownBy(() -> PropositionTwo.evaluate(1, 1.0))
                .hasMessage("proposition 2 with n=1 workers, expected 2 or more");
    }
}
