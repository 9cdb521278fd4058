package io.cocoi.codec.latency;

import io.cocoi.codec.geometry.ConvLayerShape;

/**
 * The plan for one convolution: whether to distribute it (type-1) and with which k, next to the
 * figures that justify it. Latencies in seconds.
 *
 * @param distributed type-1: the best simulated distributed latency beats the master alone
 * @param approximateK k° = argmin of the planner's closed form L(k) (eq. 17)
 * @param bestK k* = argmin of the simulated E[T_c(k)] (eq. 13)
 * @param approximateLatency L(k°)
 * @param paperK argmin of the paper's eq. 16 over k < n', for comparison
 * @param conditionNumber the code's worst k-subset condition number at (n, k°)
 * @param lt LtCoI's figures, or null when the planner was not asked for them
 */
public record PlannedLayer(
        ConvLayerShape layer,
        boolean distributed,
        int approximateK,
        int bestK,
        int paperK,
        double approximateLatency,
        double conditionNumber,
        SimulatedLayer simulation,
        LtFigures lt) {

    /** E[T_c(k°)] from the simulation. */
    public double simulatedAtApproximateK() {
        return simulation.coded(approximateK);
    }

    /** E[T_c(k*)] from the simulation. */
    public double simulatedAtBestK() {
        return simulation.coded(bestK);
    }

    /** How much slower k° is than k*: E[T(k°)]/E[T(k*)] − 1. */
    public double gap() {
        return simulatedAtApproximateK() / simulatedAtBestK() - 1;
    }

    public double uncoded() {
        return simulation.uncoded();
    }

    /** 1 − E[T(k°)]/E[T_uncoded]: the latency coding saves against uncoded. */
    public double reductionVersusUncoded() {
        return 1 - simulatedAtApproximateK() / uncoded();
    }

    /** E[T_enc + T_dec]/E[T_c] at k°. */
    public double encodeDecodeShare() {
        return simulation.encodeDecode(approximateK) / simulatedAtApproximateK();
    }

    /** The latency the plan expects: the coded one when distributed, the master's otherwise. */
    public double plannedLatency() {
        return distributed ? simulatedAtApproximateK() : simulation.local();
    }
}
