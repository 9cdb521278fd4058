package io.cocoi.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecCostReportTest {

    private static final double PERCENT_TOLERANCE = 1e-9;

    @Test
    void sharesEncodePlusDecodeOfTheConvolutionTimeAndJudgesEachRow() {
        CodecCostReport report = new CodecCostReport(5, "conv1_1");
        report.convolution("conv1_1", 1_000);
        report.encode("conv1_1", 5, 100);
        report.decode("conv1_1", 5, 100);
        report.convolution("conv3_1", 10_000);
        report.encode("conv3_1", 5, 200);
        report.decode("conv3_1", 5, 250);
        report.encode("conv3_1", 8, 300);
        report.decode("conv3_1", 8, 300);

        List<CodecCostReport.Row> rows = report.rows();

        assertThat(rows)
                .extracting(CodecCostReport.Row::layer)
                .containsExactly("conv1_1", "conv3_1", "conv3_1");
        assertThat(rows.get(0).percentOfConvolution()).isCloseTo(20.0, within(PERCENT_TOLERANCE));
        assertThat(rows.get(0).budgetApplies()).isFalse();
        assertThat(rows.get(1).percentOfConvolution()).isCloseTo(4.5, within(PERCENT_TOLERANCE));
        assertThat(rows.get(1).withinBudget()).isTrue();
        assertThat(rows.get(2).percentOfConvolution()).isCloseTo(6.0, within(PERCENT_TOLERANCE));
        assertThat(rows.get(2).withinBudget()).isFalse();
        assertThat(report.misses()).containsExactly(rows.get(2));
    }

    @Test
    void shareIsOfTheFastestConvolutionMeasurement() {
        CodecCostReport report = new CodecCostReport(5, "conv1_1");
        report.convolution("conv4_1", 2_000);
        report.convolution("conv4_1", 1_000);
        report.encode("conv4_1", 8, 30);
        report.decode("conv4_1", 8, 30);

        CodecCostReport.Row row = report.rows().get(0);

        assertThat(row.percentOfConvolution()).isCloseTo(6.0, within(PERCENT_TOLERANCE));
        assertThat(report.markdown("title", List.of())).contains("| 2.00 / 1.00 | 6.00% | NO |");
    }

    @Test
    void throughputIsMinimumBytesMovedPerMicrosecond() {
        CodecCostReport report = new CodecCostReport(5, "conv1_1");
        report.convolution("conv5_1", 10_000);
        report.encode("conv5_1", 5, 64);
        report.decode("conv5_1", 5, 32);

        CodecCostReport.Row row = report.rows().get(0);

        // conv5_1 at k=5: input slabs of 512×16×4 floats, output slabs of 512×14×2.
        assertThat(row.encodeMegabytesPerSecond())
                .isCloseTo(10.0 * 32_768 * 4 / 64, within(PERCENT_TOLERANCE));
        assertThat(row.decodeMegabytesPerSecond())
                .isCloseTo(2.0 * 5 * 14_336 * 4 / 32, within(PERCENT_TOLERANCE));
    }

    @Test
    void markdownNamesEveryLayerOverBudget() {
        CodecCostReport report = new CodecCostReport(5, "conv1_1");
        report.convolution("conv1_2", 1_000);
        report.encode("conv1_2", 2, 40);
        report.decode("conv1_2", 2, 30);

        String markdown = report.markdown("title", List.of("condition"));

        assertThat(markdown).contains("| conv1_2 | 2 |").contains("| 1.00 | 7.00% | NO |");
        assertThat(markdown).contains("Over the 5% budget: conv1_2 k=2 (7.00%).");
    }

    @Test
    void prototypeTableComparesBlockedTimesWithTheCodecs() {
        CodecCostReport report = new CodecCostReport(5, "conv1_1");
        report.convolution("conv2_1", 1_000);
        report.encode("conv2_1", 5, 60);
        report.decode("conv2_1", 5, 60);
        report.blockedEncode("conv2_1", 5, 20);
        report.blockedDecode("conv2_1", 5, 20);

        String markdown = report.markdown("title", List.of());

        assertThat(markdown).contains("| 3.0x | 4.00% | yes |");
    }

    @Test
    void refusesARowWithoutItsConvolutionTime() {
        CodecCostReport report = new CodecCostReport(5, "conv1_1");
        report.encode("conv2_1", 5, 1);
        report.decode("conv2_1", 5, 1);

        assertThatThrownBy(report::rows)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conv2_1 k=5")
                .hasMessageContaining("0 convolution measurements");
    }
}
