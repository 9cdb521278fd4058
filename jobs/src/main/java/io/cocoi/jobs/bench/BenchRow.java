package io.cocoi.jobs.bench;

import java.util.List;

/**
 * One request of a benchmark run: which model, method and scenario it ran under, its end-to-end
 * latency and, per distributed layer, k and the master's encode, wait and decode times.
 */
public record BenchRow(
        String model,
        String method,
        String scenario,
        double parameter,
        int repetition,
        String requestId,
        long latencyMs,
        boolean degraded,
        List<Layer> layers) {

    /** One distributed layer of the request, as the result record reports it. */
    public record Layer(
            String name, int k, double encodeMs, double waitMs, double decodeMs, boolean degraded) {

        /** The layer's latency at the master: encode, wait for the workers, decode. */
        public double totalMs() {
            return encodeMs + waitMs + decodeMs;
        }
    }

    public BenchRow {
        layers = List.copyOf(layers);
    }
}
