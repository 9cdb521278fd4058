package io.cocoi.benchmarks;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The codec's worst-case encode + decode time per VGG16 layer and k, as a share of that layer's
 * single-threaded convolution time, from benchmark medians; renders the markdown report.
 *
 * <p>A layer's convolution may be measured more than once (before and after the codec, on a shared
 * machine); the share is taken of the fastest measurement, the one least flattering to the codec.
 *
 * <p>Throughput counts the bytes a call must move at minimum (see {@link CodecWorkload#encodeBytes}
 * and {@link CodecWorkload#decodeBytes}), in MB of 10^6 bytes.
 */
final class CodecCostReport {

    /**
     * One table row: a layer at one k, times in microseconds; {@code convolutionMicros} is the
     * fastest of {@code convolutionRunsMicros}.
     */
    record Row(
            String layer,
            int k,
            int inputSlabFloats,
            int outputSlabFloats,
            double encodeMegabytesPerSecond,
            double decodeMegabytesPerSecond,
            double encodeMicros,
            double decodeMicros,
            double convolutionMicros,
            List<Double> convolutionRunsMicros,
            double percentOfConvolution,
            boolean budgetApplies,
            boolean withinBudget) {}

    private final double budgetPercent;
    private final String exemptLayer;
    private final Map<String, List<Double>> convolutionMicros = new HashMap<>();
    private final Map<String, Map<Integer, Double>> encodeMicros = new HashMap<>();
    private final Map<String, Map<Integer, Double>> decodeMicros = new HashMap<>();
    private final Map<Integer, Double> planMicros = new TreeMap<>();
    private final Map<String, Map<Integer, Double>> blockedEncodeMicros = new HashMap<>();
    private final Map<String, Map<Integer, Double>> blockedDecodeMicros = new HashMap<>();

    /**
     * A report that holds every layer but {@code exemptLayer} to encode + decode within {@code
     * budgetPercent} of the layer's convolution time.
     */
    CodecCostReport(double budgetPercent, String exemptLayer) {
        this.budgetPercent = budgetPercent;
        this.exemptLayer = exemptLayer;
    }

    /** Adds one measurement of the convolution time of {@code layer}. */
    void convolution(String layer, double micros) {
        convolutionMicros.computeIfAbsent(layer, key -> new ArrayList<>()).add(micros);
    }

    void encode(String layer, int k, double micros) {
        encodeMicros.computeIfAbsent(layer, key -> new TreeMap<>()).put(k, micros);
    }

    void decode(String layer, int k, double micros) {
        decodeMicros.computeIfAbsent(layer, key -> new TreeMap<>()).put(k, micros);
    }

    void plan(int k, double micros) {
        planMicros.put(k, micros);
    }

    /** The encode time of the {@link BlockedCombine} prototype. */
    void blockedEncode(String layer, int k, double micros) {
        blockedEncodeMicros.computeIfAbsent(layer, key -> new TreeMap<>()).put(k, micros);
    }

    /** The decode time of the {@link BlockedCombine} prototype. */
    void blockedDecode(String layer, int k, double micros) {
        blockedDecodeMicros.computeIfAbsent(layer, key -> new TreeMap<>()).put(k, micros);
    }

    /** One row per measured (layer, k), in network order, then by k. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (ConvLayerShape shape : Vgg16Layers.ALL) {
            String layer = shape.name();
            Map<Integer, Double> encodes = encodeMicros.getOrDefault(layer, Map.of());
            Map<Integer, Double> decodes = decodeMicros.getOrDefault(layer, Map.of());
            TreeSet<Integer> ks = new TreeSet<>(encodes.keySet());
            ks.addAll(decodes.keySet());
            for (int k : ks) {
                rows.add(row(shape, k, encodes.get(k), decodes.get(k)));
            }
        }
        return rows;
    }

    /** The rows the budget applies to that exceed it. */
    List<Row> misses() {
        return rows().stream().filter(row -> row.budgetApplies() && !row.withinBudget()).toList();
    }

    /** The report: the conditions as given, the main table, the planning table and a verdict. */
    String markdown(String title, List<String> conditions) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(title).append("\n\n");
        for (String condition : conditions) {
            text.append("- ").append(condition).append('\n');
        }

        text.append(
                format(
                        "\n| layer | k | input slab floats | output slab floats | encode MB/s"
                                + " | decode MB/s | encode µs | decode µs | conv ms, each run"
                                + " | (enc+dec)/fastest conv | within %s%% |\n",
                        number(budgetPercent)));
        text.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows()) {
            text.append(
                    format(
                            "| %s | %d | %d | %d | %.0f | %.0f | %.1f | %.1f | %s | %.2f%% | %s"
                                    + " |\n",
                            row.layer(),
                            row.k(),
                            row.inputSlabFloats(),
                            row.outputSlabFloats(),
                            row.encodeMegabytesPerSecond(),
                            row.decodeMegabytesPerSecond(),
                            row.encodeMicros(),
                            row.decodeMicros(),
                            milliseconds(row.convolutionRunsMicros()),
                            row.percentOfConvolution(),
                            !row.budgetApplies() ? "exempt" : row.withinBudget() ? "yes" : "NO"));
        }

        if (!planMicros.isEmpty()) {
            text.append("\nPlanning the worst-case decoder (`code.decoder(arrival)`, per request,")
                    .append(" outside the timed decode):\n\n| k | plan µs |\n|---|---|\n");
            planMicros.forEach((k, micros) -> text.append(format("| %d | %.2f |\n", k, micros)));
        }

        appendPrototype(text);

        List<Row> misses = misses();
        text.append('\n');
        if (misses.isEmpty()) {
            text.append(
                    format(
                            "Every measured layer but %s stays within %s%% of its convolution time"
                                    + " at every measured k.\n",
                            exemptLayer, number(budgetPercent)));
        } else {
            text.append("Over the %s%% budget:".formatted(number(budgetPercent)));
            for (Row miss : misses) {
                text.append(
                        format(
                                " %s k=%d (%.2f%%);",
                                miss.layer(), miss.k(), miss.percentOfConvolution()));
            }
            text.setLength(text.length() - 1);
            text.append(".\n");
        }
        return text.toString();
    }

    /** The prototype's figures beside the codec's, for the rows it was measured on. */
    private void appendPrototype(StringBuilder text) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows()) {
            Double encode = blockedEncodeMicros.getOrDefault(row.layer(), Map.of()).get(row.k());
            Double decode = blockedDecodeMicros.getOrDefault(row.layer(), Map.of()).get(row.k());
            if (encode == null || decode == null) {
                continue;
            }
            double percent = 100.0 * (encode + decode) / row.convolutionMicros();
            double speedup = (row.encodeMicros() + row.decodeMicros()) / (encode + decode);
            lines.add(
                    format(
                            "| %s | %d | %.1f | %.1f | %.0f | %.0f | %.1fx | %.2f%% | %s |\n",
                            row.layer(),
                            row.k(),
                            encode,
                            decode,
                            row.encodeMegabytesPerSecond() * row.encodeMicros() / encode,
                            row.decodeMegabytesPerSecond() * row.decodeMicros() / decode,
                            speedup,
                            percent,
                            !row.budgetApplies()
                                    ? "exempt"
                                    : percent <= budgetPercent ? "yes" : "NO"));
        }
        if (lines.isEmpty()) {
            return;
        }
        text.append(
                "\nPrototype: the same work through `BlockedCombine` (all targets per 2048-float"
                        + " block, up to 4 terms per pass), on the rows over the budget:\n\n");
        text.append(
                format(
                        "| layer | k | encode µs | decode µs | encode MB/s | decode MB/s"
                                + " | speedup | (enc+dec)/conv | within %s%% |\n",
                        number(budgetPercent)));
        text.append("|---|---|---|---|---|---|---|---|---|\n");
        lines.forEach(text::append);
    }

    private Row row(ConvLayerShape shape, int k, Double encode, Double decode) {
        String layer = shape.name();
        List<Double> convolutionRuns = convolutionMicros.getOrDefault(layer, List.of());
        if (encode == null || decode == null || convolutionRuns.isEmpty()) {
            throw new IllegalStateException(
                    format(
                            "layer %s k=%d: encode %s µs, decode %s µs, %d convolution"
                                    + " measurements; expected encode, decode and at least one"
                                    + " convolution measured",
                            layer, k, encode, decode, convolutionRuns.size()));
        }
        double convolution =
                convolutionRuns.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
        ConvSplit split = ConvSplit.of(shape, k);
        double percent = 100.0 * (encode + decode) / convolution;
        boolean budgetApplies = !layer.equals(exemptLayer);
        return new Row(
                layer,
                k,
                split.inputSlabLength(split.source(0)),
                split.outputSlabLength(split.source(0)),
                CodecWorkload.encodeBytes(split) / encode,
                CodecWorkload.decodeBytes(split) / decode,
                encode,
                decode,
                convolution,
                List.copyOf(convolutionRuns),
                percent,
                budgetApplies,
                percent <= budgetPercent);
    }

    private static String milliseconds(List<Double> micros) {
        return String.join(" / ", micros.stream().map(m -> format("%.2f", m / 1_000.0)).toList());
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
