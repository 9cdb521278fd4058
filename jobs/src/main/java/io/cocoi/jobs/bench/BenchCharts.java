package io.cocoi.jobs.bench;

import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's PNG plots, drawn with JFreeChart, per model: latency against λ_tr (paper fig. 5),
 * latency with n_f failures without and with the straggler (fig. 6), the encode/decode share of
 * each layer's latency (fig. 4) and k° against k* per layer (table I). Error bars are one standard
 * deviation over repetitions. A plot whose data was not run is left out.
 */
final class BenchCharts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    /** One colour per method in every plot, so that a method reads the same across figures. */
    private static final Map<String, Color> METHOD_COLOURS =
            Map.of(
                    BenchReport.PLANNED,
                    new Color(0xd62728),
                    BenchReport.BEST,
                    new Color(0xff7f0e),
                    BenchReport.ADAPTIVE,
                    new Color(0x9467bd),
                    BenchReport.UNCODED,
                    new Color(0x1f77b4),
                    "replication",
                    new Color(0x2ca02c),
                    "lt-small",
                    new Color(0x8c564b),
                    "lt-large",
                    new Color(0x7f7f7f));

    private final BenchReport report;

    BenchCharts(BenchReport report) {
        this.report = report;
    }

    /** Writes every plot with data into {@code folder}; returns their file names. */
    List<String> writeTo(Path folder) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        for (String model : report.models()) {
            save(folder, "fig5-" + model + "-straggling.png", straggling(model), written);
            save(
                    folder,
                    "fig6-" + model + "-failures.png",
                    failures(model, BenchReport.FAILURES),
                    written);
            save(
                    folder,
                    "fig6-" + model + "-failures-straggler.png",
                    failures(model, BenchReport.FAILURES_STRAGGLER),
                    written);
            save(folder, "fig4-" + model + "-encode-decode.png", encodeDecode(model), written);
            save(folder, "table1-" + model + "-k.png", plannedAgainstBest(model), written);
        }
        return written;
    }

    private JFreeChart straggling(String model) {
        List<Double> lambdas = report.parameters(model, BenchReport.TRANSMISSION);
        if (lambdas.isEmpty()) {
            return null;
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String method : report.methods(model)) {
            YIntervalSeries series = new YIntervalSeries(method);
            for (double lambda : lambdas) {
                BenchStatistics latency =
                        report.latency(model, method, BenchReport.TRANSMISSION, lambda);
                if (latency.count() > 0) {
                    series.add(
                            lambda,
                            latency.mean(),
                            latency.mean() - latency.standardDeviation(),
                            latency.mean() + latency.standardDeviation());
                }
            }
            if (series.getItemCount() > 0) {
                data.addSeries(series);
            }
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title(model + ": latency under transmission straggling (scenario 1)"),
                        "λ_tr",
                        "end-to-end latency (ms, emulated)",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        paintMethods(data.getSeriesCount(), data::getSeriesKey, renderer::setSeriesPaint);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(renderer);
        return chart;
    }

    private JFreeChart failures(String model, String scenario) {
        List<Double> failures = report.parameters(model, scenario);
        if (failures.isEmpty()) {
            return null;
        }
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (String method : report.methods(model)) {
            for (double failed : failures) {
                BenchStatistics latency = report.latency(model, method, scenario, failed);
                if (latency.count() > 0) {
                    data.add(
                            latency.mean(),
                            latency.standardDeviation(),
                            method,
                            "n_f = " + (int) failed);
                }
            }
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        title(model + ": " + BenchReport.scenarioName(scenario)),
                        "failed workers per turn",
                        "end-to-end latency (ms, emulated)",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        paintMethods(data.getRowCount(), data::getRowKey, renderer::setSeriesPaint);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(renderer);
        return chart;
    }

    private JFreeChart encodeDecode(String model) {
        Double lambda = report.shareLambda(model);
        if (lambda == null) {
            return null;
        }
        Map<String, double[]> layers =
                report.layerTimes(model, BenchReport.PLANNED, BenchReport.TRANSMISSION, lambda);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        layers.forEach(
                (layer, times) -> {
                    data.addValue(times[0] + times[1], "encode + decode (master)", layer);
                    data.addValue(times[2] - times[0] - times[1], "waiting for the workers", layer);
                });
        return ChartFactory.createStackedBarChart(
                title(
                        String.format(
                                Locale.ROOT,
                                "%s: CoCoI-k° layer latency at λ_tr = %.1f",
                                model,
                                lambda)),
                "layer",
                "ms (emulated workers, real master)",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
    }

    private JFreeChart plannedAgainstBest(String model) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (double lambda : report.parameters(model, BenchReport.TRANSMISSION)) {
            List<BenchReport.KChoice> choices =
                    report.kChoices(model, BenchReport.TRANSMISSION, lambda);
            String suffix = String.format(Locale.ROOT, " (λ_tr = %.1f)", lambda);
            for (BenchReport.KChoice choice : choices) {
                data.addValue(choice.plannedK(), "k°" + suffix, choice.layer());
                data.addValue(choice.bestK(), "k*" + suffix, choice.layer());
            }
        }
        if (data.getRowCount() == 0) {
            return null;
        }
        return ChartFactory.createBarChart(
                title(model + ": k° against k* per layer (scenario 1)"),
                "layer",
                "k",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
    }

    /** Gives series 0..count−1, keyed by method name, their method's colour. */
    private static void paintMethods(
            int count, IntFunction<Comparable<?>> methodOf, BiConsumer<Integer, Paint> paint) {
        for (int series = 0; series < count; series++) {
            Color colour = METHOD_COLOURS.get(String.valueOf(methodOf.apply(series)));
            if (colour != null) {
                paint.accept(series, colour);
            }
        }
    }

    private String title(String text) {
        return "%s (emulated, scale %s)".formatted(text, report.settings().emulationScale());
    }

    private static void save(Path folder, String name, JFreeChart chart, List<String> written)
            throws IOException {
        if (chart == null) {
            return;
        }
        ChartUtils.saveChartAsPNG(folder.resolve(name).toFile(), chart, WIDTH, HEIGHT);
        written.add(name);
    }
}
