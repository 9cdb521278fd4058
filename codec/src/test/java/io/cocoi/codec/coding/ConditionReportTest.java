package io.cocoi.codec.coding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionReportTest {

    @Test
    void countsSubsetsByTheBinomialCoefficient() {
        assertThat(ConditionReport.binomial(10, 5)).isEqualTo(252);
        assertThat(ConditionReport.binomial(20, 10)).isEqualTo(184_756);
        assertThat(ConditionReport.binomial(5, 6)).isZero();
        assertThat(ConditionReport.binomial(200, 100)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void samplesWhenThereAreTooManySubsets() {
        double[][] identityOverOnes = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {2, 1}};
        ConditionReport report = ConditionReport.of(identityOverOnes, 2, subset -> true, 5, 40, 1);

        assertThat(report.exhaustive()).isFalse();
        assertThat(report.subsetsChecked()).isEqualTo(40);
        assertThat(report.subsetsTotal()).isEqualTo(10);
    }

    @Test
    void findsTheWorstSubsetWhenExhaustive() {
        double[][] rows = {{1, 0}, {1, 1}, {1, 1.001}};
        ConditionReport report = ConditionReport.of(rows, 2, subset -> true, 100, 0, 1);

        assertThat(report.exhaustive()).isTrue();
        assertThat(report.worstSubset()).containsExactly(1, 2);
        assertThat(report.worstConditionNumber()).isGreaterThan(1000);
    }
}
