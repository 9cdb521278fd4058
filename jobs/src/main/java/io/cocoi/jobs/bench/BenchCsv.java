package io.cocoi.jobs.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The raw benchmark data as CSV, one row per request. Per-layer values are lists joined by {@code
 * ;} in layer order: {@code layers}, {@code k}, {@code encode_ms}, {@code wait_ms}, {@code
 * decode_ms}, {@code degraded_layers} (0 or 1).
 */
public final class BenchCsv {

    static final String HEADER =
            "model,method,scenario,parameter,repetition,request_id,latency_ms,degraded,layers,k,"
                    + "encode_ms,wait_ms,decode_ms,degraded_layers";

    private BenchCsv() {}

    public static void write(List<BenchRow> rows, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            out.write('\n');
            for (BenchRow row : rows) {
                out.write(
                        String.join(
                                ",",
                                row.model(),
                                row.method(),
                                row.scenario(),
                                number(row.parameter()),
                                Integer.toString(row.repetition()),
                                row.requestId(),
                                Long.toString(row.latencyMs()),
                                row.degraded() ? "1" : "0",
                                joined(row, BenchRow.Layer::name),
                                joined(row, layer -> Integer.toString(layer.k())),
                                joined(row, layer -> number(layer.encodeMs())),
                                joined(row, layer -> number(layer.waitMs())),
                                joined(row, layer -> number(layer.decodeMs())),
                                joined(row, layer -> layer.degraded() ? "1" : "0")));
                out.write('\n');
            }
        }
    }

    public static List<BenchRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(
                    "benchmark CSV %s does not start with the header %s".formatted(file, HEADER));
        }
        List<BenchRow> rows = new ArrayList<>();
        for (int line = 1; line < lines.size(); line++) {
            String[] cells = lines.get(line).split(",", -1);
            if (cells.length != 14) {
                throw new IOException(
                        "benchmark CSV %s line %d has %d cells, expected 14"
                                .formatted(file, line + 1, cells.length));
            }
            String[] names = list(cells[8]);
            String[] k = list(cells[9]);
            String[] encode = list(cells[10]);
            String[] wait = list(cells[11]);
            String[] decode = list(cells[12]);
            String[] degraded = list(cells[13]);
            List<BenchRow.Layer> layers = new ArrayList<>();
            for (int layer = 0; layer < names.length; layer++) {
                layers.add(
                        new BenchRow.Layer(
                                names[layer],
                                Integer.parseInt(k[layer]),
                                Double.parseDouble(encode[layer]),
                                Double.parseDouble(wait[layer]),
                                Double.parseDouble(decode[layer]),
                                degraded[layer].equals("1")));
            }
            rows.add(
                    new BenchRow(
                            cells[0],
                            cells[1],
                            cells[2],
                            Double.parseDouble(cells[3]),
                            Integer.parseInt(cells[4]),
                            cells[5],
                            Long.parseLong(cells[6]),
                            cells[7].equals("1"),
                            layers));
        }
        return rows;
    }

    private static String joined(BenchRow row, Function<BenchRow.Layer, String> value) {
        return String.join(";", row.layers().stream().map(value).toList());
    }

    private static String[] list(String cell) {
        return cell.isEmpty() ? new String[0] : cell.split(";", -1);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
