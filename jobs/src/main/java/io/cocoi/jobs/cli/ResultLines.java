package io.cocoi.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.operators.stream.PipelineSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One-line renderings of result and error records, and a per-layer summary of results. */
final class ResultLines {

    private ResultLines() {}

    static String result(JsonNode result) {
        JsonNode top = result.path("top5").path(0);
        return String.format(
                Locale.ROOT,
                "%-24s %-40s p=%.3f  %6d ms%s",
                result.path("request_id").asText(),
                shorten(top.path("label").asText(), 40),
                top.path("probability").asDouble(),
                result.path("latency_ms").asLong(),
                result.path("degraded").asBoolean() ? "  degraded" : "");
    }

    static String error(JsonNode error) {
        return "%-24s error at %s: %s"
                .formatted(
                        error.path("request_id").asText(),
                        error.path("stage").asText(),
                        error.path("reason").asText());
    }

    /**
     * Medians per distributed layer of encode, wait and decode times over {@code results}; {@code
     * timing} says how worker time was obtained (measured, or emulated with which profile).
     */
    static String layerSummary(List<JsonNode> results, String timing) {
        if (results.isEmpty()) {
            return "No results.";
        }
        Map<String, List<double[]>> byLayer = new LinkedHashMap<>();
        List<Double> latencies = new ArrayList<>();
        for (JsonNode result : results) {
            latencies.add(result.path("latency_ms").asDouble());
            for (JsonNode layer : result.path("layers")) {
                byLayer.computeIfAbsent(layer.path("layer").asText(), name -> new ArrayList<>())
                        .add(
                                new double[] {
                                    layer.path("k").asDouble(),
                                    layer.path("encode_ms").asDouble(),
                                    layer.path("wait_ms").asDouble(),
                                    layer.path("decode_ms").asDouble(),
                                    layer.path("slowest_task_ms").asDouble(),
                                    layer.path("overhead_ms").asDouble()
                                });
            }
        }
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "Median end-to-end latency %.0f ms over %d images (%s).%n%n",
                                median(latencies),
                                results.size(),
                                timing));
        text.append(
                "| layer | k | encode ms | wait ms | decode ms | slowest used task ms |"
                        + " overhead ms |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<double[]>> layer : byLayer.entrySet()) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                            layer.getKey(),
                            column(layer.getValue(), 0),
                            column(layer.getValue(), 1),
                            column(layer.getValue(), 2),
                            column(layer.getValue(), 3),
                            column(layer.getValue(), 4),
                            column(layer.getValue(), 5)));
        }
        return text.toString();
    }

    private static double column(List<double[]> rows, int column) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(row[column]));
        return median(values);
    }

    /** How worker time was obtained in a job of {@code pipeline}, for reports. */
    static String timing(PipelineSpec pipeline) {
        DeviceEmulator emulation = pipeline.emulation();
        if (emulation == null) {
            return "measured on this machine, not emulated";
        }
        return String.format(
                Locale.ROOT,
                "device time emulated: profile %s, scale %s, scenario %s, seed %d",
                emulation.profile().name(),
                emulation.scale(),
                emulation.scenario(),
                emulation.seed());
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
