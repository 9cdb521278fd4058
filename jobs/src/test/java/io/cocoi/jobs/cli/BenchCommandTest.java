package io.cocoi.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.jobs.bench.BenchCsv;
import io.cocoi.jobs.bench.BenchRow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code cocoi bench} through the real job: two methods, one scenario, one request each. */
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
                        "--methods=cocoi-planned,uncoded",
                        "--scenarios=transmission:0.5",
                        "--emulation-scale=0.01",
                        "--layer-timeout-ms=1000",
                        "--image=" + Path.of("..", "samples", "house.jpg"),
                        "--output=" + output);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<BenchRow> rows = BenchCsv.read(output.resolve("results.csv"));
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(BenchRow::method).containsExactly("cocoi-planned", "uncoded");
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
