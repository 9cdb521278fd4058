package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.operators.stream.AdaptivePlanning;
import io.cocoi.operators.stream.PipelineSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobOptionsTest {

    @Test
    void adaptivePlanningTakesItsWindowIntervalAndTheProfilesMasterRatio() {
        PipelineSpec spec =
                spec(
                        "--adaptive",
                        "--adaptive-window",
                        "32",
                        "--replan-every",
                        "3",
                        "--k",
                        "2",
                        "--width-divisor",
                        "8",
                        "--image-size",
                        "64");

        // The pi4b profile's master is the same device as its workers.
        assertThat(spec.adaptive()).isEqualTo(new AdaptivePlanning(32, 3, 1.0));
        assertThat(spec.codedStep(0).k()).isEqualTo(2);
    }

    @Test
    void withoutTheFlagThePlanStays() {
        assertThat(spec("--k", "2", "--width-divisor", "8", "--image-size", "64").adaptive())
                .isNull();
    }

    @Test
    void ltWithKWoSplitsEachLayerIntoItsOutputWidth() {
        PipelineSpec spec =
                spec("--code", "lt", "--k", "wo", "--width-divisor", "8", "--image-size", "64");

        assertThat(spec.codedSteps()).hasSize(13);
        for (int layer = 0; layer < spec.codedSteps().size(); layer++) {
            assertThat(spec.codedStep(layer).k())
                    .isEqualTo(spec.layerShape(layer).splitOutputExtent());
        }
    }

    @Test
    void uncodedRunsALayerNarrowerThanNOnOneWorkerPerColumn() {
        PipelineSpec spec =
                spec(
                        "--code",
                        "uncoded",
                        "--workers",
                        "6",
                        "--width-divisor",
                        "8",
                        "--image-size",
                        "64");

        // At 64 px VGG16's last three convolutions are 4 columns wide.
        assertThat(spec.codedSteps()).hasSize(13);
        PipelineSpec.CodedStep last = spec.codedStep(12);
        assertThat(spec.layerShape(12).splitOutputExtent()).isEqualTo(4);
        assertThat(last.k()).isEqualTo(4);
        assertThat(last.workers()).isEqualTo(4);
        assertThat(spec.codedStep(0).workers()).isEqualTo(6);
    }

    @Test
    void rejectsBadValuesNamingTheOptionAndWhatIsExpected() {
        assertThatThrownBy(() -> spec("--adaptive", "--code", "uncoded"))
                .hasMessage(
                        "--adaptive with --code uncoded, expected systematic or vandermonde:"
                                + " it fixes k");
        assertThatThrownBy(() -> spec("--adaptive", "--code", "lt", "--k", "8"))
                .hasMessage(
                        "--adaptive with --code lt, expected systematic or vandermonde:"
                                + " LT is rateless");
        assertThatThrownBy(() -> spec("--adaptive", "--adaptive-window", "2", "--k", "2"))
                .hasMessage("--adaptive-window 2, expected 4 or more task samples");
        assertThatThrownBy(() -> spec("--adaptive", "--replan-every", "0", "--k", "2"))
                .hasMessage("--replan-every 0, expected 1 or more decoded requests");
        assertThatThrownBy(() -> spec("--workers", "4", "--k", "5"))
                .hasMessage("--k 5, expected 1 to --workers 4");
        assertThatThrownBy(() -> spec("--code", "lt", "--k", "0"))
                .hasMessage("--k 0, expected 1 or more (LT may exceed n) or 'wo'");
        assertThatThrownBy(() -> spec("--code", "lt", "--k", "all"))
                .hasMessage("--k 'all', expected 1 or more (LT may exceed n) or 'wo'");
        assertThatThrownBy(() -> spec("--k", "wo"))
                .hasMessage(
                        "--k wo with --code systematic, expected a number: only lt splits a layer"
                                + " into its output width");
    }

    private static PipelineSpec spec(String... args) {
        JobOptions options = new JobOptions();
        new CommandLine(options).parseArgs(args);
        return options.toSpec();
    }
}
