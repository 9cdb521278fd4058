package io.cocoi.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder of a tiny benchmark: CSV rows, the markdown report and non-empty plots. */
class BenchReportTest {

    private static final List<String> METHODS =
            List.of(BenchReport.PLANNED, BenchReport.UNCODED, BenchReport.TRIAL_PREFIX + "+1");

    @TempDir Path folder;

    @Test
    void writesEveryRowTheReportAndThePlots() throws IOException {
        List<BenchRow> rows = tinyRun();

        new BenchReport(rows, settings()).writeTo(folder);

        assertThat(Files.readAllLines(folder.resolve("results.csv")))
                .hasSize(rows.size() + 1)
                .first()
                .isEqualTo(BenchCsv.HEADER);
        String report = Files.readString(folder.resolve("report.md"));
        assertThat(report)
                .contains("Device time is emulated")
                .contains("The master is emulated too")
                .contains("`pi4b-vgg16` (vgg16)")
                .contains("scale 0.1")
                .contains("cocoi bench --models vgg16")
                .contains("Scenario 1 (transmission straggling)")
                .contains("Scenario 2 (device failures)")
                .contains("k° against k*")
                .contains("Encode/decode share");
        for (String plot :
                List.of(
                        "fig5-vgg16-straggling.png",
                        "fig6-vgg16-failures.png",
                        "fig4-vgg16-encode-decode.png",
                        "table1-vgg16-k.png")) {
            assertThat(folder.resolve(plot)).isNotEmptyFile();
            assertThat(report).contains("](" + plot + ")");
        }
    }

    @Test
    void theCsvReadsBackAsWritten() throws IOException {
        List<BenchRow> rows = tinyRun();
        Path csv = folder.resolve("results.csv");

        BenchCsv.write(rows, csv);

        assertThat(BenchCsv.read(csv)).isEqualTo(rows);
    }

    @Test
    void reductionComparesEachRepetitionWithUncodedOnTheSameDraws() {
        BenchReport report = new BenchReport(tinyRun(), settings());

        BenchStatistics reduction = report.reduction("vgg16", BenchReport.FAILURES, 1);

        // Planned took 800 + 10r ms against Uncoded's 1000 + 10r ms in repetition r.
        assertThat(reduction.count()).isEqualTo(2);
        assertThat(reduction.mean()).isBetween(19.0, 20.0);
    }

    @Test
    void bestKPerLayerIsTheTrialWithTheLeastLayerLatency() {
        BenchReport report = new BenchReport(tinyRun(), settings());

        List<BenchReport.KChoice> choices = report.kChoices("vgg16", BenchReport.TRANSMISSION, 0.6);

        // The +1 trial is faster in conv1_1 only.
        assertThat(choices)
                .extracting(BenchReport.KChoice::layer, BenchReport.KChoice::bestK)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("conv1_1", 9),
                        org.assertj.core.groups.Tuple.tuple("conv1_2", 8));
    }

    @Test
    void adaptiveRunsThatNeverLeftKPlannedAreCalledSo() throws IOException {
        List<BenchRow> rows = new ArrayList<>(tinyRun());
        List<BenchRow> planned =
                rows.stream().filter(row -> row.method().equals(BenchReport.PLANNED)).toList();
        planned.forEach(row -> rows.add(asMethod(row, BenchReport.ADAPTIVE, row.layers())));
        Path kept = folder.resolve("kept");
        Path replanned = folder.resolve("replanned");

        new BenchReport(rows, settings()).writeTo(kept);
        BenchRow first = planned.get(0);
        rows.set(
                rows.size() - 1,
                asMethod(
                        first,
                        BenchReport.ADAPTIVE,
                        List.of(
                                new BenchRow.Layer("conv1_1", 10, 1.5, 50, 0.5, false),
                                new BenchRow.Layer("conv1_2", 10, 2, 60, 1, false))));
        new BenchReport(rows, settings()).writeTo(replanned);

        assertThat(Files.readString(kept.resolve("report.md")))
                .contains("Adaptive CoCoI used k° in every layer");
        assertThat(Files.readString(replanned.resolve("report.md")))
                .doesNotContain("Adaptive CoCoI used k° in every layer")
                .contains(
                        "Adaptive CoCoI chose a k other than k° in 2 of 8 (request, layer) decodes"
                                + " compared with CoCoI-k° on the same requests: lower in 0,"
                                + " higher in 2.");
    }

    private static BenchRow asMethod(BenchRow row, String method, List<BenchRow.Layer> layers) {
        return new BenchRow(
                row.model(),
                method,
                row.scenario(),
                row.parameter(),
                row.repetition(),
                row.requestId(),
                row.latencyMs(),
                row.degraded(),
                layers);
    }

    /** Two repetitions of three methods in scenario 1 (λ 0.6) and scenario 2 (n_f 1). */
    private static List<BenchRow> tinyRun() {
        List<BenchRow> rows = new ArrayList<>();
        for (String method : METHODS) {
            boolean trial = method.startsWith(BenchReport.TRIAL_PREFIX);
            boolean uncoded = method.equals(BenchReport.UNCODED);
            for (int repetition = 0; repetition < 2; repetition++) {
                int k = uncoded ? 10 : trial ? 9 : 8;
                double first = trial ? 30 : 50;
                double second = trial ? 70 : 60;
                List<BenchRow.Layer> layers =
                        List.of(
                                new BenchRow.Layer("conv1_1", k, 1.5, first, 0.5, false),
                                new BenchRow.Layer("conv1_2", k, 2, second, 1, false));
                long latency = (uncoded ? 1000 : 800) + 10L * repetition;
                for (String[] scenario :
                        new String[][] {{"transmission", "0.6"}, {"failures", "1"}}) {
                    if (trial && scenario[0].equals("failures")) {
                        continue;
                    }
                    rows.add(
                            new BenchRow(
                                    "vgg16",
                                    method,
                                    scenario[0],
                                    Double.parseDouble(scenario[1]),
                                    repetition,
                                    "rep-" + repetition,
                                    latency,
                                    false,
                                    layers));
                }
            }
        }
        return rows;
    }

    private static BenchSettings settings() {
        return new BenchSettings(
                "cocoi bench --models vgg16",
                10,
                "ModelVariant[widthDivisor=4, imageSize=224]",
                2,
                Map.of("vgg16", "pi4b-vgg16"),
                0.1,
                1,
                600,
                List.of());
    }
}
