package io.cocoi.codec.latency;

import io.cocoi.codec.geometry.ConvLayerShape;

/** Layers and profiles with round numbers for the latency tests. */
final class LatencyFixtures {

    /** VGG16's conv3_1: W_O = 56 splits evenly for k = 1, 2, 4, 7, 8. */
    static final ConvLayerShape CONV3_1 = new ConvLayerShape("conv3_1", 128, 256, 3, 1, 1, 56, 56);

    /** Essentially no random part: µ so large that N/µ vanishes. */
    static final double DETERMINISTIC_MU = 1e300;

    private LatencyFixtures() {}

    /**
     * Only worker computation is random (exponential with the given mean per FLOP); transfers and
     * the master are deterministic with the given shifts.
     */
    static DeviceProfile onlyComputeRandom(double computeSecondsPerFlop) {
        Phase deterministicLink = new Phase(DETERMINISTIC_MU, 8e-8);
        return new DeviceProfile(
                "compute-exponential",
                new Phase(DETERMINISTIC_MU, 1e-10),
                new Phase(1 / computeSecondsPerFlop, 0),
                deterministicLink,
                deterministicLink);
    }

    /** Every phase shift-exponential with the given share of its mean in the shift. */
    static DeviceProfile shifted(
            double computeShiftShare, double linkShiftShare, double linkSecondsPerByte) {
        Phase computation = Phase.ofMean(1.6e-9, computeShiftShare);
        Phase link = Phase.ofMean(linkSecondsPerByte, linkShiftShare);
        return new DeviceProfile("grid", computation, computation, link, link);
    }
}
