package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlanCommandTest {

    @Test
    void plansEveryVggConvolutionAsAMarkdownTable() {
        Result result = run("plan", "--model", "vgg16", "--workers", "10", "--samples", "2000");

        assertThat(result.exitCode).isZero();
        assertThat(result.out).contains("# Plan for vgg16 on n = 10 workers");
        assertThat(result.out).contains("Device time is modelled, not measured.");
        assertThat(result.out.lines().filter(line -> line.startsWith("| conv"))).hasSize(13);
        assertThat(result.out).contains("| conv5_3 | 512>512 k3 s1 14x14 | 1 | 7 | 7 |");
        assertThat(result.out).containsPattern("Total over convolutions: planned [0-9.]+ s");
    }

    @Test
    void writesCsvWithOneRowPerConvolution() {
        Result result =
                run(
                        "plan",
                        "--model",
                        "resnet18",
                        "--workers",
                        "4",
                        "--straggling",
                        "0.6",
                        "--failures",
                        "1",
                        "--samples",
                        "1000",
                        "--format",
                        "csv");

        assertThat(result.exitCode).isZero();
        assertThat(result.out.lines()).hasSize(18);
        assertThat(result.out.lines().findFirst().orElseThrow())
                .startsWith("layer,shape,type,k_approx,k_best,k_paper,");
        assertThat(result.out).contains("\nlayer4.1.conv2,512>512 k3 s1 7x7,");
    }

    @Test
    void writesJsonWithTotalsAndLayers() {
        Result result =
                run(
                        "plan",
                        "--model",
                        "vgg16",
                        "--workers",
                        "3",
                        "--samples",
                        "500",
                        "--format",
                        "JSON");

        assertThat(result.exitCode).isZero();
        assertThat(result.out).startsWith("{\n  \"model\": \"vgg16\",\n  \"workers\": 3,");
        assertThat(result.out).contains("\"planned_total_s\": ").contains("\"layers\": [");
        assertThat(result.out)
                .contains("{\"layer\": \"conv1_1\", \"shape\": \"3>64 k3 s1 224x224\"");
        assertThat(result.out.trim()).endsWith("]\n}");
    }

    @Test
    void badFlagsNameTheValueAndWhatIsExpected() {
        assertUsageError(
                run("plan", "--model", "alexnet", "--workers", "4"),
                "unknown model 'alexnet', expected one of vgg16, resnet18");
        assertUsageError(
                run("plan", "--model", "vgg16", "--workers", "0"),
                "planner: 0 workers, expected 1 or more");
        assertUsageError(
                run("plan", "--model", "vgg16", "--workers", "4", "--failures", "4"),
                "failures n_f=4 with n=4 workers, expected fewer failures than workers");
        assertUsageError(
                run("plan", "--model", "vgg16", "--workers", "4", "--code", "raptor"),
                "unknown code 'raptor', expected one of systematic, vandermonde, lt, replication,"
                        + " uncoded");
        assertUsageError(
                run("plan", "--model", "vgg16", "--workers", "4", "--straggling", "-1"),
                "straggling lambda=-1.0, expected a finite value >= 0");
        assertUsageError(
                run("plan", "--model", "vgg16", "--workers", "4", "--format", "xml"),
                "Invalid value for option '--format'");
        assertUsageError(
                run("plan", "--model", "vgg16", "--workers", "4", "--profile", "/no/such/file"),
                "--profile '/no/such/file' is neither 'pi4b' nor a readable profile file");
        assertUsageError(run("plan", "--workers", "4"), "Missing required option: '--model");
    }

    @Test
    void reductionPrintsPropositionTwo() {
        Result result = run("reduction", "--workers", "20", "--ratio", "1");

        assertThat(result.exitCode).isZero();
        assertThat(result.out)
                .isEqualTo("n = 20, R = 1.00: best k = 14, coded latency 21.2 % below uncoded\n");
        assertUsageError(
                run("reduction", "--workers", "1"),
                "proposition 2 with n=1 workers, expected 2 or more");
    }

    private static void assertUsageError(Result result, String message) {
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains(message);
        assertThat(result.out).isEmpty();
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CocoiCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
