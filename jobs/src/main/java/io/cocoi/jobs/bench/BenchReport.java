package io.cocoi.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a benchmark's output folder: {@code results.csv} (one row per request), {@code report.md}
 * and the PNG plots of {@link BenchCharts}. Everything in the report is computed from the rows, so
 * it can be rebuilt from the CSV alone.
 *
 * <p>Method names: {@code cocoi-planned} (k°), {@code cocoi-best} (k*), {@code cocoi-adaptive},
 * {@code uncoded}, {@code replication}, {@code lt-small}, {@code lt-large}; {@code
 * cocoi-trial:OFFSET} marks the runs with k° + OFFSET in every layer that k* is chosen from.
 */
public final class BenchReport {

    public static final String PLANNED = "cocoi-planned";
    public static final String BEST = "cocoi-best";
    public static final String ADAPTIVE = "cocoi-adaptive";
    public static final String UNCODED = "uncoded";
    public static final String TRIAL_PREFIX = "cocoi-trial:";

    static final String TRANSMISSION = "transmission";
    static final String FAILURES = "failures";
    static final String FAILURES_STRAGGLER = "failures-straggler";
    static final String NONE = "none";

    /** The paper's largest reductions of CoCoI against uncoded, and this project's targets. */
    private static final Map<String, double[]> PAPER_AND_TARGET =
            Map.of(
                    TRANSMISSION, new double[] {20.2, 25},
                    FAILURES, new double[] {34.2, 40},
                    FAILURES_STRAGGLER, new double[] {26.5, 30});

    private static final List<String> METHOD_ORDER =
            List.of(PLANNED, BEST, ADAPTIVE, UNCODED, "replication", "lt-small", "lt-large");

    private final List<BenchRow> rows;
    private final BenchSettings settings;

    public BenchReport(List<BenchRow> rows, BenchSettings settings) {
        this.rows = List.copyOf(rows);
        this.settings = settings;
    }

    /** Writes the CSV, the markdown report and the plots into {@code folder}. */
    public void writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        BenchCsv.write(rows, folder.resolve("results.csv"));
        List<String> plots = new BenchCharts(this).writeTo(folder);
        Files.writeString(folder.resolve("report.md"), markdown(plots));
    }

    String markdown(List<String> plots) {
        StringBuilder text = new StringBuilder();
        text.append("# CoCoI on Flink: the paper's scenarios on an emulated cluster\n\n");
        text.append("> **Device time is emulated.** ").append(emulationStatement()).append("\n\n");
        text.append("Command:\n\n```\n").append(settings.command()).append("\n```\n\n");
        text.append(
                String.format(
                        Locale.ROOT,
                        "n = %d workers, model variant %s, %d repetitions (one request each, images"
                                + " one at a time, the same request ids and scenario draws for"
                                + " every method), layer deadline %d ms, %d requests in all.%n%n",
                        settings.workers(),
                        settings.variant(),
                        settings.repetitions(),
                        settings.layerTimeoutMs(),
                        rows.size()));
        List<String> notes = new ArrayList<>(settings.notes());
        notes.addAll(degradedNotes());
        for (String note : notes) {
            text.append("- ").append(note).append('\n');
        }
        if (!notes.isEmpty()) {
            text.append('\n');
        }

        text.append("## Summary\n\n");
        text.append(summary());
        for (String model : models()) {
            text.append("\n## ").append(model).append("\n\n");
            for (String scenario : List.of(NONE, TRANSMISSION, FAILURES, FAILURES_STRAGGLER)) {
                text.append(latencyTable(model, scenario));
            }
            text.append(encodeDecodeShare(model));
            text.append(plannedAgainstBest(model));
        }
        if (!plots.isEmpty()) {
            text.append("\n## Plots\n\n");
            for (String plot : plots) {
                text.append("![").append(plot).append("](").append(plot).append(")\n\n");
            }
        }
        return text.toString();
    }

    /**
     * Per method, how many requests had a layer the master completed itself after the deadline:
     * their latency is set by the deadline, not by the method.
     */
    private List<String> degradedNotes() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (BenchRow row : rows) {
            int[] count = counts.computeIfAbsent(row.method(), method -> new int[2]);
            count[0] += row.degraded() ? 1 : 0;
            count[1]++;
        }
        List<String> notes = new ArrayList<>();
        counts.forEach(
                (method, count) -> {
                    if (count[0] > 0) {
                        notes.add(
                                ("%s: %d of %d requests degraded: in some layer the master"
                                                + " computed partitions itself, once every worker"
                                                + " had answered or signalled failure, or at the"
                                                + " %d ms deadline.")
                                        .formatted(
                                                method,
                                                count[0],
                                                count[1],
                                                settings.layerTimeoutMs()));
                    }
                });
        return notes;
    }

    String emulationStatement() {
        StringBuilder text =
                new StringBuilder(
                        "Each worker computes its task for real, then holds the result until a time"
                                + " drawn from the device profile ");
        List<String> profiles = new ArrayList<>();
        settings.profileByModel()
                .forEach((model, profile) -> profiles.add("`" + profile + "` (" + model + ")"));
        profiles.sort(Comparator.naturalOrder());
        text.append(String.join(", ", profiles));
        text.append(
                String.format(
                        Locale.ROOT,
                        " for the full-size layer has passed, multiplied by the scale %s so that"
                                + " %d emulated workers fit on this machine; scenario seed %d."
                                + " Latencies are wall-clock milliseconds at that scale, end to"
                                + " end through the Flink job. The master is emulated too, from"
                                + " the profile's master phase at the same scale (a Pi master"
                                + " computes at a Pi worker's rate): each of its steps holds"
                                + " until the larger of its real time and a draw for the"
                                + " full-size work has passed, for encoding (N_enc), the W_O mod"
                                + " k remainder columns a coded layer leaves to it (computed"
                                + " while the workers run; the layer is not decoded before it is"
                                + " done), decoding (N_dec, plus N_cmp per partition it recovers"
                                + " itself after a deadline) and the steps that stay on it (their"
                                + " convolutions and linear layers). Not emulated: preprocessing,"
                                + " element-wise steps (ReLU, pooling, batch norm, residual adds)"
                                + " and the transfers between the master's operators.",
                        settings.emulationScale(),
                        settings.workers(),
                        settings.scenarioSeed()));
        return text.toString();
    }

    List<String> models() {
        return rows.stream().map(BenchRow::model).distinct().toList();
    }

    /** Methods present for {@code model}, trials left out, in the report's order. */
    List<String> methods(String model) {
        Set<String> present = new LinkedHashSet<>();
        rows.stream()
                .filter(row -> row.model().equals(model))
                .map(BenchRow::method)
                .filter(method -> !method.startsWith(TRIAL_PREFIX))
                .forEach(present::add);
        List<String> ordered = new ArrayList<>();
        for (String method : METHOD_ORDER) {
            if (present.remove(method)) {
                ordered.add(method);
            }
        }
        ordered.addAll(present);
        return ordered;
    }

    /** The parameters (λ_tr or n_f) run for {@code model} under {@code scenario}, ascending. */
    List<Double> parameters(String model, String scenario) {
        Set<Double> parameters = new TreeSet<>();
        rows.stream()
                .filter(row -> row.model().equals(model) && row.scenario().equals(scenario))
                .forEach(row -> parameters.add(row.parameter()));
        return new ArrayList<>(parameters);
    }

    List<BenchRow> select(String model, String method, String scenario, double parameter) {
        return rows.stream()
                .filter(
                        row ->
                                row.model().equals(model)
                                        && row.method().equals(method)
                                        && row.scenario().equals(scenario)
                                        && row.parameter() == parameter)
                .toList();
    }

    BenchStatistics latency(String model, String method, String scenario, double parameter) {
        return BenchStatistics.of(
                select(model, method, scenario, parameter).stream()
                        .map(row -> (double) row.latencyMs())
                        .toList());
    }

    /**
     * Whether every adaptive request split each layer as CoCoI-k° did on the same request and
     * scenario.
     */
    private boolean adaptiveKeptPlannedK() {
        Map<String, List<Integer>> planned = plannedSplits();
        return rows.stream()
                .filter(row -> row.method().equals(ADAPTIVE))
                .allMatch(row -> splits(row).equals(planned.get(requestKey(row))));
    }

    /** How often adaptive CoCoI's k differed from k° on the same request and layer. */
    private String adaptiveMoves() {
        Map<String, List<Integer>> planned = plannedSplits();
        int compared = 0;
        int lower = 0;
        int higher = 0;
        for (BenchRow row : rows) {
            List<Integer> reference = planned.get(requestKey(row));
            if (!row.method().equals(ADAPTIVE) || reference == null) {
                continue;
            }
            List<Integer> adaptive = splits(row);
            for (int layer = 0; layer < Math.min(adaptive.size(), reference.size()); layer++) {
                compared++;
                lower += adaptive.get(layer) < reference.get(layer) ? 1 : 0;
                higher += adaptive.get(layer) > reference.get(layer) ? 1 : 0;
            }
        }
        return ("\nAdaptive CoCoI chose a k other than k° in %d of %d (request, layer) decodes"
                        + " compared with CoCoI-k° on the same requests: lower in %d, higher in"
                        + " %d.\n")
                .formatted(lower + higher, compared, lower, higher);
    }

    private Map<String, List<Integer>> plannedSplits() {
        Map<String, List<Integer>> planned = new LinkedHashMap<>();
        for (BenchRow row : rows) {
            if (row.method().equals(PLANNED)) {
                planned.put(requestKey(row), splits(row));
            }
        }
        return planned;
    }

    private static String requestKey(BenchRow row) {
        return String.join("|", row.model(), row.scenario(), "" + row.parameter(), row.requestId());
    }

    private static List<Integer> splits(BenchRow row) {
        return row.layers().stream().map(BenchRow.Layer::k).toList();
    }

    /** Per request, the summed latency of its distributed layers at the master. */
    BenchStatistics distributedLayers(
            String model, String method, String scenario, double parameter) {
        return BenchStatistics.of(
                select(model, method, scenario, parameter).stream()
                        .map(
                                row ->
                                        row.layers().stream()
                                                .mapToDouble(BenchRow.Layer::totalMs)
                                                .sum())
                        .toList());
    }

    /**
     * CoCoI-k°'s latency reduction against uncoded in percent, per repetition (both saw the same
     * draws), or null when either is missing.
     */
    BenchStatistics reduction(String model, String scenario, double parameter) {
        Map<String, Long> uncoded = new LinkedHashMap<>();
        select(model, UNCODED, scenario, parameter)
                .forEach(row -> uncoded.put(row.requestId(), row.latencyMs()));
        List<Double> reductions = new ArrayList<>();
        for (BenchRow planned : select(model, PLANNED, scenario, parameter)) {
            Long base = uncoded.get(planned.requestId());
            if (base != null && base > 0) {
                reductions.add(100.0 * (base - planned.latencyMs()) / base);
            }
        }
        return reductions.isEmpty() ? null : BenchStatistics.of(reductions);
    }

    private String summary() {
        StringBuilder text =
                new StringBuilder(
                        "CoCoI-k° against Uncoded: the largest mean latency reduction per scenario"
                                + " (mean ± standard deviation over repetitions, each repetition"
                                + " compared with Uncoded on the same draws), next to the paper's"
                                + " testbed figure and this project's target.\n\n");
        text.append(
                "| model | scenario | largest reduction (ours, emulated) | at | paper | target"
                        + " | Uncoded degraded there |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        for (String model : models()) {
            for (String scenario : List.of(TRANSMISSION, FAILURES, FAILURES_STRAGGLER)) {
                BenchStatistics best = null;
                double at = Double.NaN;
                for (double parameter : parameters(model, scenario)) {
                    BenchStatistics reduction = reduction(model, scenario, parameter);
                    if (reduction != null && (best == null || reduction.mean() > best.mean())) {
                        best = reduction;
                        at = parameter;
                    }
                }
                double[] paper = PAPER_AND_TARGET.get(scenario);
                List<BenchRow> uncoded =
                        best == null ? List.of() : select(model, UNCODED, scenario, at);
                long degraded = uncoded.stream().filter(BenchRow::degraded).count();
                text.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s | %.1f%% | %.0f%% | %s |%n",
                                model,
                                scenarioName(scenario),
                                best == null ? "not run" : percent(best),
                                best == null ? "" : parameterName(scenario, at),
                                paper[0],
                                paper[1],
                                best == null
                                        ? ""
                                        : degraded == 0
                                                ? "none"
                                                : "%d of %d: deadline-bound, not comparable"
                                                        .formatted(degraded, uncoded.size())));
            }
        }
        text.append(
                "\nWith nothing injected (the paper: CoCoI slightly slower than Uncoded; the goal:"
                        + " never slower):\n\n");
        text.append(
                "| model | scenario | method | mean ± sd ms | Uncoded mean ± sd ms | distributed"
                        + " layers ms | Uncoded distributed layers ms |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        for (String model : models()) {
            for (String[] calm :
                    new String[][] {{NONE, "0"}, {FAILURES, "0"}, {TRANSMISSION, "0"}}) {
                double parameter = Double.parseDouble(calm[1]);
                BenchStatistics uncoded = latency(model, UNCODED, calm[0], parameter);
                if (uncoded.count() == 0) {
                    continue;
                }
                for (String method : List.of(PLANNED, ADAPTIVE)) {
                    BenchStatistics coded = latency(model, method, calm[0], parameter);
                    if (coded.count() > 0) {
                        text.append(
                                String.format(
                                        Locale.ROOT,
                                        "| %s | %s | %s | %s | %s | %s | %s |%n",
                                        model,
                                        scenarioLabel(calm[0], parameter),
                                        method,
                                        milliseconds(coded),
                                        milliseconds(uncoded),
                                        milliseconds(
                                                distributedLayers(
                                                        model, method, calm[0], parameter)),
                                        milliseconds(
                                                distributedLayers(
                                                        model, UNCODED, calm[0], parameter))));
                    }
                }
            }
        }
        text.append(
                "\nDistributed layers: the summed encode, wait and decode of the layers the"
                        + " methods distribute; the rest of the end-to-end time is the master's own"
                        + " steps (the layers that stay on it, preprocessing) and the job's"
                        + " transfers, the same work for every method.\n");
        if (rows.stream().anyMatch(row -> row.method().equals(ADAPTIVE))
                && adaptiveKeptPlannedK()) {
            text.append(
                    "\nAdaptive CoCoI used k° in every layer of every request of this run: it had"
                            + " not re-planned yet (it re-plans after a number of decoded requests,"
                            + " and each run decodes only a warm-up and the repetitions), so its"
                            + " figures are CoCoI-k°'s and say nothing about adapting.\n");
        } else if (rows.stream().anyMatch(row -> row.method().equals(ADAPTIVE))) {
            text.append(adaptiveMoves());
        }
        if (rows.stream().noneMatch(row -> row.method().equals(ADAPTIVE))) {
            text.append("\nAdaptive CoCoI was not part of this run.\n");
        }
        return text.toString();
    }

    private String latencyTable(String model, String scenario) {
        List<Double> parameters = parameters(model, scenario);
        if (parameters.isEmpty()) {
            return "";
        }
        List<String> methods = methods(model);
        StringBuilder text = new StringBuilder("### ").append(scenarioName(scenario));
        text.append(" — end-to-end latency, mean ± sd ms (emulated device time)\n\n");
        text.append("| ").append(parameterSymbol(scenario));
        for (String method : methods) {
            text.append(" | ").append(method);
        }
        text.append(" | CoCoI-k° vs Uncoded | degraded requests |\n|---");
        text.append("|---".repeat(methods.size() + 2)).append("|\n");
        for (double parameter : parameters) {
            text.append("| ").append(parameterValue(scenario, parameter));
            int degraded = 0;
            int total = 0;
            for (String method : methods) {
                BenchStatistics latency = latency(model, method, scenario, parameter);
                text.append(" | ").append(latency.count() == 0 ? "" : milliseconds(latency));
                for (BenchRow row : select(model, method, scenario, parameter)) {
                    total++;
                    degraded += row.degraded() ? 1 : 0;
                }
            }
            BenchStatistics reduction = reduction(model, scenario, parameter);
            text.append(" | ").append(reduction == null ? "" : percent(reduction));
            text.append(" | ").append(degraded).append(" of ").append(total).append(" |\n");
        }
        return text.append('\n').toString();
    }

    /** The λ_tr nearest 0.5 (the paper's fig. 4) with CoCoI-k° runs, or null if none. */
    Double shareLambda(String model) {
        return parameters(model, TRANSMISSION).stream()
                .filter(lambda -> !select(model, PLANNED, TRANSMISSION, lambda).isEmpty())
                .min(Comparator.comparingDouble(lambda -> Math.abs(lambda - 0.5)))
                .orElse(null);
    }

    /** Per layer of {@code method}'s runs: mean encode, decode and total ms, and k. */
    Map<String, double[]> layerTimes(String model, String method, String scenario, double lambda) {
        Map<String, List<BenchRow.Layer>> byLayer = new LinkedHashMap<>();
        for (BenchRow row : select(model, method, scenario, lambda)) {
            for (BenchRow.Layer layer : row.layers()) {
                byLayer.computeIfAbsent(layer.name(), name -> new ArrayList<>()).add(layer);
            }
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        byLayer.forEach(
                (name, layers) ->
                        means.put(
                                name,
                                new double[] {
                                    mean(layers, BenchRow.Layer::encodeMs),
                                    mean(layers, BenchRow.Layer::decodeMs),
                                    mean(layers, BenchRow.Layer::totalMs),
                                    layers.get(0).k()
                                }));
        return means;
    }

    private String encodeDecodeShare(String model) {
        Double lambda = shareLambda(model);
        if (lambda == null) {
            return "";
        }
        Map<String, double[]> planned = layerTimes(model, PLANNED, TRANSMISSION, lambda);
        Map<String, double[]> uncoded = layerTimes(model, UNCODED, TRANSMISSION, lambda);
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "### Encode/decode share of the layer latency (paper fig. 4:"
                                        + " 2–9%%), CoCoI-k° at λ_tr = %.1f%n%n",
                                lambda));
        text.append(
                "Layer latency is encode + wait + decode at the master. Encoding and decoding"
                        + " (sending the n tasks included) are emulated master time for the"
                        + " full-size layer, or the real time on this machine when that is"
                        + " longer; the wait is for the emulated workers and the remainder.\n\n");
        text.append(
                "| layer | k° | encode ms | decode ms | layer ms | encode+decode share |"
                        + " Uncoded layer ms |\n|---|---|---|---|---|---|---|\n");
        List<Double> shares = new ArrayList<>();
        planned.forEach(
                (layer, times) -> {
                    double share = 100 * (times[0] + times[1]) / times[2];
                    shares.add(share);
                    double[] base = uncoded.get(layer);
                    text.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.0f | %.2f | %.2f | %.1f | %.1f%% | %s |%n",
                                    layer,
                                    times[3],
                                    times[0],
                                    times[1],
                                    times[2],
                                    share,
                                    base == null
                                            ? ""
                                            : String.format(Locale.ROOT, "%.1f", base[2])));
                });
        BenchStatistics share = BenchStatistics.of(shares);
        text.append(
                String.format(
                        Locale.ROOT,
                        "%nShare over layers: mean %.1f%%, range %.1f%%–%.1f%%.%n%n",
                        share.mean(),
                        shares.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        shares.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        return text.toString();
    }

    /** One layer's k° and k* with their mean layer latencies under one scenario. */
    public record KChoice(String layer, int plannedK, int bestK, double plannedMs, double bestMs) {}

    /**
     * k* per layer under {@code scenario}: the k with the least mean layer latency among the runs
     * CoCoI-k° and every {@code cocoi-trial:OFFSET}; empty when no trial ran.
     */
    public List<KChoice> kChoices(String model, String scenario, double parameter) {
        List<String> candidates = new ArrayList<>();
        rows.stream()
                .filter(
                        row ->
                                row.model().equals(model)
                                        && row.method().startsWith(TRIAL_PREFIX)
                                        && row.scenario().equals(scenario)
                                        && row.parameter() == parameter)
                .map(BenchRow::method)
                .distinct()
                .forEach(candidates::add);
        if (candidates.isEmpty()) {
            return List.of();
        }
        // k° as a trial ran on the trials' draws; older runs have only the planned run itself.
        String plannedMethod =
                select(model, TRIAL_PREFIX + "+0", scenario, parameter).isEmpty()
                        ? PLANNED
                        : TRIAL_PREFIX + "+0";
        Map<String, double[]> planned = layerTimes(model, plannedMethod, scenario, parameter);
        if (planned.isEmpty()) {
            return List.of();
        }
        List<KChoice> choices = new ArrayList<>();
        for (Map.Entry<String, double[]> layer : planned.entrySet()) {
            int bestK = (int) layer.getValue()[3];
            double bestMs = layer.getValue()[2];
            for (String trial : candidates) {
                double[] times = layerTimes(model, trial, scenario, parameter).get(layer.getKey());
                if (times != null && times[2] < bestMs) {
                    bestMs = times[2];
                    bestK = (int) times[3];
                }
            }
            choices.add(
                    new KChoice(
                            layer.getKey(),
                            (int) layer.getValue()[3],
                            bestK,
                            layer.getValue()[2],
                            bestMs));
        }
        return choices;
    }

    private String plannedAgainstBest(String model) {
        StringBuilder table = new StringBuilder();
        for (String scenario : List.of(TRANSMISSION, NONE, FAILURES, FAILURES_STRAGGLER)) {
            for (double parameter : parameters(model, scenario)) {
                List<KChoice> choices = kChoices(model, scenario, parameter);
                if (choices.isEmpty()) {
                    continue;
                }
                int maxGap = 0;
                double sumGap = 0;
                double timeGap = 0;
                for (KChoice choice : choices) {
                    int gap = Math.abs(choice.bestK() - choice.plannedK());
                    maxGap = Math.max(maxGap, gap);
                    sumGap += gap;
                    timeGap += Math.abs(choice.plannedMs() - choice.bestMs());
                }
                BenchStatistics planned = latency(model, PLANNED, scenario, parameter);
                BenchStatistics best = latency(model, BEST, scenario, parameter);
                String endToEnd =
                        planned.count() == 0 || best.count() == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f%%",
                                        100 * (planned.mean() - best.mean()) / best.mean());
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %.2f | %.1f | %s |%n",
                                scenarioLabel(scenario, parameter),
                                maxGap,
                                sumGap / choices.size(),
                                timeGap,
                                endToEnd));
            }
        }
        if (table.isEmpty()) {
            return "";
        }
        return "### k° against k* (paper table I; paper: k° at most 3.3% slower)\n\n"
                + "k* per layer is the k with the least mean layer latency among trial runs with"
                + " k° and with k° + each trial offset in every layer, on requests of their own"
                + " (other draws than the compared runs), so k* is not fitted to the draws it is"
                + " judged on. Columns as in table I, times in emulated ms from the trials; the"
                + " last column is CoCoI-k° against a run with k* in every layer, end to end, on"
                + " the same requests as every other method.\n\n"
                + "| scenario | max |k*−k°| | Σ|k*−k°|/n_l | Σ|t*−t°| ms | k° slower than k* |\n"
                + "|---|---|---|---|---|\n"
                + table
                + "\n";
    }

    static String scenarioName(String scenario) {
        return switch (scenario) {
            case TRANSMISSION -> "Scenario 1 (transmission straggling)";
            case FAILURES -> "Scenario 2 (device failures)";
            case FAILURES_STRAGGLER -> "Scenario 3 (failures and a high-probability straggler)";
            default -> "Nothing injected";
        };
    }

    static String scenarioLabel(String scenario, double parameter) {
        return scenario.equals(NONE) ? NONE : scenario + ":" + parameterValue(scenario, parameter);
    }

    static String parameterSymbol(String scenario) {
        return scenario.equals(TRANSMISSION) ? "λ_tr" : scenario.equals(NONE) ? "" : "n_f";
    }

    static String parameterValue(String scenario, double parameter) {
        return scenario.equals(TRANSMISSION)
                ? String.format(Locale.ROOT, "%.1f", parameter)
                : Integer.toString((int) parameter);
    }

    private static String parameterName(String scenario, double parameter) {
        return parameterSymbol(scenario) + " = " + parameterValue(scenario, parameter);
    }

    private static String milliseconds(BenchStatistics statistics) {
        return String.format(
                Locale.ROOT, "%.0f ± %.0f", statistics.mean(), statistics.standardDeviation());
    }

    private static String percent(BenchStatistics statistics) {
        return String.format(
                Locale.ROOT, "%.1f%% ± %.1f", statistics.mean(), statistics.standardDeviation());
    }

    private static double mean(
            List<BenchRow.Layer> layers, java.util.function.ToDoubleFunction<BenchRow.Layer> f) {
        return layers.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    BenchSettings settings() {
        return settings;
    }
}
