package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.codec.latency.Scenario;
import io.cocoi.operators.stream.PipelineSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --scenario} values and the emulation options of a job. */
class ScenarioOptionTest {

    private static final double EXACT = 1e-12;

    @Test
    void parsesThePapersThreeScenarios() {
        assertThat(ScenarioOption.parse("none").toScenario("vgg16")).isEqualTo(Scenario.NONE);
        assertThat(ScenarioOption.parse("transmission:0.4").toScenario("vgg16"))
                .isEqualTo(Scenario.straggling(0.4));
        assertThat(ScenarioOption.parse("failures:2").toScenario("vgg16"))
                .isEqualTo(Scenario.failures(2));

        Scenario third = ScenarioOption.parse("failures-straggler:1").toScenario("resnet18");
        assertThat(third.failures()).isEqualTo(1);
        assertThat(third.stragglerSlowdown()).isCloseTo(148.8 / 89.8, within(EXACT));
        assertThat(
                        ScenarioOption.parse("failures-straggler:0")
                                .toScenario("vgg16")
                                .stragglerSlowdown())
                .isCloseTo(85.2 / 50.8, within(EXACT));
    }

    @Test
    void writesTheValueItParses() {
        for (String value :
                new String[] {"none", "transmission:0.60", "failures:1", "failures-straggler:2"}) {
            assertThat(ScenarioOption.parse(value).cliValue()).isEqualTo(value);
        }
    }

    @Test
    void rejectsUnknownScenariosAndFractionalFailures() {
        assertThatThrownBy(() -> ScenarioOption.parse("sleep:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sleep:1', expected none, transmission:LAMBDA");
        assertThatThrownBy(() -> ScenarioOption.parse("failures:1.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a whole number of failed workers");
        assertThatThrownBy(() -> ScenarioOption.parse("transmission"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScenarioNeedsEmulation() {
        JobOptions options = options("--scenario=failures:1", "--k=2");

        assertThatThrownBy(options::toSpec)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--scenario failures:1 needs device emulation");
    }

    @Test
    void emulationOptionsReachThePipeline() {
        PipelineSpec spec =
                options(
                                "--emulate=pi4b",
                                "--emulation-scale=0.05",
                                "--scenario=failures-straggler:1",
                                "--scenario-seed=7",
                                "--k=2")
                        .toSpec();

        assertThat(spec.emulation().profile().name()).isEqualTo("pi4b-vgg16");
        assertThat(spec.emulation().scale()).isEqualTo(0.05);
        assertThat(spec.emulation().seed()).isEqualTo(7);
        assertThat(spec.emulation().scenario().failures()).isEqualTo(1);
        assertThat(spec.emulation().straggler()).isBetween(0, 3);
    }

    @Test
    void layerKFixesExactlyTheNamedConvolutions() {
        PipelineSpec spec = options("--layer-k=features.0=3", "--layer-k=features.2=2").toSpec();

        assertThat(spec.codedSteps())
                .extracting(PipelineSpec.CodedStep::convolution, PipelineSpec.CodedStep::k)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("features.0", 3),
                        org.assertj.core.groups.Tuple.tuple("features.2", 2));
    }

    private static JobOptions options(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "--workers=4";
        args[1] = "--width-divisor=16";
        args[2] = "--image-size=32";
        System.arraycopy(extra, 0, args, 3, extra.length);
        JobOptions options = new JobOptions();
        CommandLine.populateCommand(options, args);
        return options;
    }
}
