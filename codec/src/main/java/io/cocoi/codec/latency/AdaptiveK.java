package io.cocoi.codec.latency;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Re-plans the k of one convolution while a job runs (adaptive CoCoI, beyond the paper): fits the
 * workers' phases from the tasks the master sees come back and picks k° for the live workers n'
 * with the harmonic approximation of L(k) ({@link LatencyModel#harmonicApproximation}).
 *
 * <p>Each task gives two samples, on sliding windows of {@code window} samples ({@link PhaseFit}):
 * the compute time the worker reports, normalised by N_cmp(k), fits the compute phase (µ_cmp, θ_cmp
 * per FLOP); the rest of its round trip (result arrival − dispatch − compute), normalised by
 * N_rec(k) + N_sen(k), fits one transfer phase that stands for both receiving and sending. The rest
 * of the round trip also holds the time a task queues at a busy worker, which is latency the plan
 * has to live with, so it stays in. The master phase is the fitted compute phase slowed by a fixed
 * {@code masterRatio} (the master's mean time per FLOP over a worker's, 1 for a master that is the
 * same device). A slow worker widens the spread of the samples, which lowers µ and with it k; when
 * nothing straggles the shift dominates and k° tends to n'.
 *
 * <p>The model has identical workers, so one persistent straggler is fitted as spread that every
 * worker shares: k then drops further (often to 1) than waiting out that one worker would need.
 *
 * <p>Not thread-safe.
 */
public final class AdaptiveK {

    /** The expected speed-up below which {@link #choose(int, int)} keeps the current k. */
    public static final double SWITCH_GAIN = 0.05;

    private final ConvLayerShape layer;
    private final CodeKind code;
    private final int window;
    private final double masterRatio;
    private final PhaseFit compute;
    private final PhaseFit transfer;
    private final Map<Long, LayerWorkload> workloads = new HashMap<>();

    /**
     * @param window samples kept per phase, 4 or more; a choice needs half of them
     * @param masterRatio the master's mean time per FLOP over a worker's, > 0
     */
    public AdaptiveK(ConvLayerShape layer, CodeKind code, int window, double masterRatio) {
        if (!Planner.plans(code)) {
            throw new IllegalArgumentException(
                    "adaptive k for layer %s: code %s fixes k or is rateless, expected systematic"
                                    .formatted(layer.name(), code.cliName())
                            + " or vandermonde");
        }
        if (window < 4) {
            throw new IllegalArgumentException(
                    "adaptive k for layer %s: window of %d samples, expected 4 or more"
                            .formatted(layer.name(), window));
        }
        if (!(masterRatio > 0) || Double.isInfinite(masterRatio)) {
            throw new IllegalArgumentException(
                    "adaptive k for layer %s: master ratio %s, expected a finite value > 0"
                            .formatted(layer.name(), masterRatio));
        }
        this.layer = layer;
        this.code = code;
        this.window = window;
        this.masterRatio = masterRatio;
        this.compute = new PhaseFit(window);
        this.transfer = new PhaseFit(window);
    }

    /**
     * Records one task of an (n, k) plan that came back {@code roundTripSeconds} after it was sent,
     * of which the worker spent {@code computeSeconds} computing.
     */
    public void observe(int n, int k, double roundTripSeconds, double computeSeconds) {
        if (!(computeSeconds >= 0) || !(roundTripSeconds >= 0)) {
            throw new IllegalArgumentException(
                    "adaptive k for layer %s: task round trip %s s with compute %s s, expected"
                                    .formatted(layer.name(), roundTripSeconds, computeSeconds)
                            + " times >= 0");
        }
        LayerWorkload work = workload(n, k);
        compute.add(computeSeconds, work.computeFlops());
        transfer.add(
                Math.max(0, roundTripSeconds - computeSeconds),
                work.receiveBytes() + work.sendBytes());
    }

    /** Tasks observed so far, at most the window. */
    public int samples() {
        return compute.size();
    }

    /** Whether enough tasks were observed to choose: half the window. */
    public boolean canChoose() {
        return samples() >= window / 2;
    }

    /** The profile fitted from the observed tasks; needs {@link #canChoose()}. */
    public DeviceProfile fittedProfile() {
        if (!canChoose()) {
            throw new IllegalStateException(
                    "adaptive k for layer %s: %d tasks observed, expected %d before fitting"
                            .formatted(layer.name(), samples(), window / 2));
        }
        Phase computePhase = compute.fitOrShiftOnly();
        Phase transferPhase = transfer.fitOrShiftOnly();
        return new DeviceProfile(
                "fitted-" + layer.name(),
                computePhase.slowedBy(masterRatio),
                computePhase,
                transferPhase,
                transferPhase);
    }

    /**
     * k° for {@code liveWorkers} workers from the fitted profile, or empty until {@link
     * #canChoose()}.
     */
    public OptionalInt choose(int liveWorkers) {
        return choose(liveWorkers, 0);
    }

    /**
     * As {@link #choose(int)}, but keeps {@code currentK} unless k° is expected to be at least
     * {@value #SWITCH_GAIN} (as a share) faster: a new k costs the workers and the master new
     * convolutions and codes, and the fit of a short window jitters.
     */
    public OptionalInt choose(int liveWorkers, int currentK) {
        if (liveWorkers < 1) {
            throw new IllegalArgumentException(
                    "adaptive k for layer %s: %d live workers, expected 1 or more"
                            .formatted(layer.name(), liveWorkers));
        }
        if (!canChoose()) {
            return OptionalInt.empty();
        }
        DeviceProfile profile = fittedProfile();
        int maxK = Math.min(liveWorkers, layer.splitOutputExtent());
        double[] latency = new double[maxK + 1];
        int best = 1;
        for (int k = 1; k <= maxK; k++) {
            latency[k] = expectedLatency(profile, liveWorkers, k);
            if (latency[k] < latency[best]) {
                best = k;
            }
        }
        boolean keep =
                currentK >= 1
                        && currentK <= maxK
                        && latency[best] >= (1 - SWITCH_GAIN) * latency[currentK];
        return OptionalInt.of(keep ? currentK : best);
    }

    /** L(k) for {@code liveWorkers} workers on the fitted profile, in seconds. */
    public double expectedLatency(int liveWorkers, int k) {
        return expectedLatency(fittedProfile(), liveWorkers, k);
    }

    private double expectedLatency(DeviceProfile profile, int liveWorkers, int k) {
        return new LatencyModel(profile, liveWorkers, Scenario.NONE)
                .harmonicApproximation(workload(liveWorkers, k));
    }

    private LayerWorkload workload(int n, int k) {
        return workloads.computeIfAbsent(
                ((long) n << 32) | k, key -> LayerWorkload.of(layer, code, n, k));
    }
}
