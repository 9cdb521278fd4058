package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cocoi.jobs.bench.BenchCsv;
import io.cocoi.jobs.bench.BenchRow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny {@code cocoi bench} through the real job: three methods, one scenario, one request each
 * (CoCoI-k* with its k° and k° + 1 trials).
 */
class BenchCommandTest {

    @TempDir Path output;

    @Test
    void runsEachMethodThroughTheJobAndWritesItsRows() throws Exception {
        CliRun run =
                CliRun.of(
                        "bench",
                        "--models=vgg16",
                        "--workers=3",
                        "--width-divisor=16",
                        "--image-size=32",
                        "--repetitions=1",
                        "--methods=cocoi-planned,uncoded,cocoi-best",
                        "--best-k=+1",
                        "--scenarios=transmission:0.5",
                        "--emulation-scale=0.01",
                        "--layer-timeout-ms=1000",
                        "--image=" + Path.of("..", "samples", "house.jpg"),
                        "--output=" + output);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<BenchRow> rows = BenchCsv.read(output.resolve("results.csv"));
        assertThat(rows)
                .extracting(BenchRow::method, BenchRow::requestId)
                .containsExactly(
                        tuple("cocoi-planned", "rep-0"),
                        tuple("cocoi-trial:+0", "trial-rep-0"),
                        tuple("cocoi-trial:+1", "trial-rep-0"),
                        tuple("cocoi-best", "rep-0"),
                        tuple("uncoded", "rep-0"));
        assertThat(rows)
                .allSatisfy(
                        row -> {
                            assertThat(row.scenario()).isEqualTo("transmission");
                            assertThat(row.latencyMs()).isPositive();
                            assertThat(row.layers()).isNotEmpty();
                        });
        assertThat(output.resolve("report.md")).isNotEmptyFile();
        assertThat(output.resolve("fig5-vgg16-straggling.png")).isNotEmptyFile();
    }
}
