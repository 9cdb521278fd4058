package io.cocoi.codec.latency;

/**
 * LtCoI's simulated latencies for one layer (seconds): with the best k_s ≤ n (LtCoI-k_s) and with
 * k_l = W_O, the finest split (LtCoI-k_l).
 */
public record LtFigures(int smallK, double smallKLatency, int largeK, double largeKLatency) {}
