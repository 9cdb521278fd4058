package io.cocoi.jobs.cli;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.PlannedLayer;
import io.cocoi.codec.latency.PlannerOptions;
import io.cocoi.codec.latency.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a model's layer plans as a markdown table, CSV or JSON. */
final class PlanReport {

    /** Output formats of {@code cocoi plan}. */
    enum Format {
        MARKDOWN,
        CSV,
        JSON
    }

    private static final List<String> COLUMNS =
            List.of(
                    "layer",
                    "shape",
                    "type",
                    "k_approx",
                    "k_best",
                    "k_paper",
                    "model_latency_s",
                    "simulated_at_k_approx_s",
                    "simulated_at_k_best_s",
                    "gap_percent",
                    "uncoded_s",
                    "replication_s",
                    "local_s",
                    "reduction_vs_uncoded_percent",
                    "condition_number",
                    "encode_decode_share_percent",
                    "lt_small_k",
                    "lt_small_k_s",
                    "lt_large_k",
                    "lt_large_k_s");

    private final String model;
    private final PlannerOptions options;
    private final List<PlannedLayer> plans;

    PlanReport(String model, PlannerOptions options, List<PlannedLayer> plans) {
        this.model = model;
        this.options = options;
        this.plans = plans;
    }

    String render(Format format) {
        return switch (format) {
            case MARKDOWN -> markdown();
            case CSV -> csv();
            case JSON -> json();
        };
    }

    /** Σ over layers of the planned latency: coded at k° for type-1 layers, local otherwise. */
    double plannedTotal() {
        return plans.stream().mapToDouble(PlannedLayer::plannedLatency).sum();
    }

    /** Σ over layers of uncoded distribution for type-1 layers, local otherwise. */
    double uncodedTotal() {
        return plans.stream()
                .mapToDouble(
                        plan -> plan.distributed() ? plan.uncoded() : plan.simulation().local())
                .sum();
    }

    private String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("# Plan for %s on n = %d workers%n%n".formatted(model, options.workers()));
        text.append(
                "Profile %s, code %s, %s, %,d Monte Carlo samples per (layer, k), k° by the %s"
                                .formatted(
                                        options.profile().name(),
                                        options.code().cliName(),
                                        describe(options.scenario()),
                                        options.samples(),
                                        options.approximation().name().toLowerCase(Locale.ROOT))
                        + " model. Device time is modelled, not measured.\n\n");
        text.append(
                "| layer | shape | type | k° | k* | k (eq. 16) | model L(k°) s | E[T(k°)] s |"
                        + " E[T(k*)] s | gap | uncoded s | replication s | local s | reduction |"
                        + " cond | enc+dec |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<String> row : rows()) {
            text.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        text.append(
                "%nTotal over convolutions: planned %.3f s, uncoded %.3f s (%s), all on the master"
                                .formatted(
                                        plannedTotal(),
                                        uncodedTotal(),
                                        percent(1 - plannedTotal() / uncodedTotal()))
                        + " %.3f s.%n"
                                .formatted(
                                        plans.stream()
                                                .mapToDouble(plan -> plan.simulation().local())
                                                .sum()));
        return text.toString();
    }

    private String csv() {
        StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (List<String> row : rows()) {
            text.append(String.join(",", row)).append('\n');
        }
        return text.toString();
    }

    private String json() {
        StringBuilder text = new StringBuilder("{\n");
        text.append("  \"model\": \"").append(model).append("\",\n");
        text.append("  \"workers\": ").append(options.workers()).append(",\n");
        text.append("  \"profile\": \"").append(escape(options.profile().name())).append("\",\n");
        text.append("  \"code\": \"").append(options.code().cliName()).append("\",\n");
        text.append("  \"straggling\": ").append(number(options.scenario().straggling()));
        text.append(",\n  \"failures\": ").append(options.scenario().failures()).append(",\n");
        text.append("  \"samples\": ").append(options.samples()).append(",\n");
        text.append("  \"planned_total_s\": ").append(number(plannedTotal())).append(",\n");
        text.append("  \"uncoded_total_s\": ").append(number(uncodedTotal())).append(",\n");
        text.append("  \"layers\": [\n");
        List<List<String>> rows = rows();
        for (int r = 0; r < rows.size(); r++) {
            text.append("    {");
            for (int c = 0; c < COLUMNS.size(); c++) {
                String value = rows.get(r).get(c);
                boolean text0 = c < 3;
                text.append(c == 0 ? "" : ", ")
                        .append('"')
                        .append(COLUMNS.get(c))
                        .append("\": ")
                        .append(text0 ? "\"" + escape(value) + "\"" : jsonNumber(value));
            }
            text.append(r + 1 < rows.size() ? "},\n" : "}\n");
        }
        return text.append("  ]\n}\n").toString();
    }

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (PlannedLayer plan : plans) {
            ConvLayerShape layer = plan.layer();
            rows.add(
                    List.of(
                            layer.name(),
                            "%d>%d k%d s%d %dx%d"
                                    .formatted(
                                            layer.inChannels(),
                                            layer.outChannels(),
                                            layer.kernelSize(),
                                            layer.stride(),
                                            layer.inputHeight(),
                                            layer.inputWidth()),
                            plan.distributed() ? "1" : "2",
                            Integer.toString(plan.approximateK()),
                            Integer.toString(plan.bestK()),
                            Integer.toString(plan.paperK()),
                            number(plan.approximateLatency()),
                            number(plan.simulatedAtApproximateK()),
                            number(plan.simulatedAtBestK()),
                            percentNumber(plan.gap()),
                            number(plan.uncoded()),
                            number(plan.simulation().replication()),
                            number(plan.simulation().local()),
                            percentNumber(plan.reductionVersusUncoded()),
                            String.format(Locale.ROOT, "%.3g", plan.conditionNumber()),
                            percentNumber(plan.encodeDecodeShare()),
                            plan.lt() == null ? "" : Integer.toString(plan.lt().smallK()),
                            plan.lt() == null ? "" : number(plan.lt().smallKLatency()),
                            plan.lt() == null ? "" : Integer.toString(plan.lt().largeK()),
                            plan.lt() == null ? "" : number(plan.lt().largeKLatency())));
        }
        return rows;
    }

    private static String describe(Scenario scenario) {
        List<String> parts = new ArrayList<>();
        if (scenario.straggling() > 0) {
            parts.add("straggling λ = " + number(scenario.straggling()));
        }
        if (scenario.failures() > 0) {
            parts.add(scenario.failures() + " failed workers per layer");
        }
        if (scenario.hasStraggler()) {
            parts.add("one worker " + number(scenario.stragglerSlowdown()) + "x slower");
        }
        return parts.isEmpty() ? "no injected stragglers or failures" : String.join(", ", parts);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String percentNumber(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %% less", 100 * fraction);
    }

    private static String jsonNumber(String value) {
        boolean missing = value.isEmpty() || value.equals("NaN") || value.contains("Infinity");
        return missing ? "null" : value;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
