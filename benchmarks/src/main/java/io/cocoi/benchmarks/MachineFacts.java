package io.cocoi.benchmarks;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a benchmark report says about the machine it ran on, read from Linux's /proc. */
final class MachineFacts {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    private static final Path CPU_STATISTICS = Path.of("/proc/stat");

    /** Fields 4 and 5 of the "cpu" line of /proc/stat: idle and I/O wait. */
    private static final int IDLE_FIELD = 4;

    private static final int IO_WAIT_FIELD = 5;

    private static final String UNKNOWN = "unknown";

    private MachineFacts() {}

    /** The first "model name" of /proc/cpuinfo. */
    static String cpuModel() {
        for (String line : readLines(CPU_INFO)) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return UNKNOWN;
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        List<String> lines = readLines(LOAD_AVERAGE);
        if (lines.isEmpty()) {
            return UNKNOWN;
        }
        String[] fields = lines.get(0).split(" ");
        return fields.length < 3 ? UNKNOWN : String.join(" ", fields[0], fields[1], fields[2]);
    }

    /**
     * Busy and total clock ticks of all processors since boot, from /proc/stat, or null when it
     * cannot be read; the difference of two readings gives the machine's load over an interval.
     */
    static long[] cpuTicks() {
        for (String line : readLines(CPU_STATISTICS)) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                long total = 0;
                for (int field = 1; field < fields.length; field++) {
                    total += Long.parseLong(fields[field]);
                }
                long idle =
                        Long.parseLong(fields[IDLE_FIELD]) + Long.parseLong(fields[IO_WAIT_FIELD]);
                return new long[] {total - idle, total};
            }
        }
        return null;
    }

    /** Average busy processors between two {@link #cpuTicks} readings, "unknown" without them. */
    static String busyProcessors(long[] before, long[] after) {
        if (before == null || after == null || after[1] == before[1]) {
            return UNKNOWN;
        }
        double busyShare = (double) (after[0] - before[0]) / (after[1] - before[1]);
        return "%.2f of %d"
                .formatted(
                        busyShare * Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors());
    }

    static String jvm() {
        return "%s %s".formatted(System.getProperty("java.vm.name"), Runtime.version());
    }

    static String djlVersion() {
        return Engine.getDjlVersion();
    }

    // The machine facts are decoration of a report, so an unreadable /proc yields "unknown".
    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            return List.of();
        }
    }
}
