package io.cocoi.codec.latency;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Emulated device time of worker tasks, for evaluating on a machine smaller than the cluster: a
 * task's time is a draw of its receive, compute and send phases from a {@link DeviceProfile} for
 * the task's workload (N_rec, N_cmp, N_sen of {@link LayerWorkload}), plus a {@link Scenario}'s
 * extra transmission delays, multiplied by {@code scale}. The scenario also fixes which n_f workers
 * fail in each turn and which worker is the high-probability straggler.
 *
 * <p>Every draw is a pure function of (seed, request, layer, worker, task): each worker decides on
 * its own, and every method run on the same requests sees the same luck (common random numbers).
 *
 * <ul>
 *   <li>Scenario 1, λ_tr: each transfer gets an extra delay λ_tr·T_tr·E with E ~ Exp(1) and T_tr
 *       the transfer's mean time under the profile (the receive and the send phase each).
 *   <li>Scenario 2, n_f: per request and layer, a uniformly random set of exactly n_f of the n
 *       workers fails; a failed worker signals at the end of its emulated computation.
 *   <li>Scenario 3: one worker, fixed by the seed, computes {@code stragglerSlowdown} times slower
 *       on average (its compute phase is {@link Phase#slowedBy stretched}).
 * </ul>
 *
 * <p>The master's own work ({@link MasterWork}) is drawn from the profile's master phase for its
 * FLOPs, at the same scale, seeded per (request, layer, kind of work); scenarios do not touch it.
 */
public final class DeviceEmulator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Keeps master draws apart from worker draws (whose third mix is a worker index). */
    private static final long MASTER_STREAM = 0x4d41535445520000L;

    private final DeviceProfile profile;
    private final double scale;
    private final Scenario scenario;
    private final long seed;
    private final int n;
    private final int straggler;

    /** The kinds of master work that are emulated, each with its own draws. */
    public enum MasterWork {
        /** Splitting and encoding a coded layer's input (N_enc). */
        ENCODE,
        /** The W_O mod k remainder columns, computed while the workers run. */
        REMAINDER,
        /** Decoding (N_dec) and any partitions the master recovers itself. */
        DECODE,
        /** Graph steps that stay on the master (local convolutions, the classifier head). */
        LOCAL
    }

    /**
     * One task's emulated phases in seconds, already scaled; the extra delays are in the phases.
     */
    public record TaskTime(double receiveSeconds, double computeSeconds, double sendSeconds) {

        public double totalSeconds() {
            return receiveSeconds + computeSeconds + sendSeconds;
        }

        /** When a failed worker signals: after receiving and computing, as it would have sent. */
        public double failureSignalSeconds() {
            return receiveSeconds + computeSeconds;
        }
    }

    public DeviceEmulator(
            DeviceProfile profile, double scale, Scenario scenario, long seed, int n) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(
                    "emulation scale %s, expected a finite factor > 0".formatted(scale));
        }
        if (n < 1) {
            throw new IllegalArgumentException(
                    "emulation for n=%d workers, expected 1 or more".formatted(n));
        }
        scenario.requireFits(n);
        this.profile = profile;
        this.scale = scale;
        this.scenario = scenario;
        this.seed = seed;
        this.n = n;
        this.straggler =
                scenario.hasStraggler()
                        ? Math.floorMod(new SplittableRandom(mix(seed, 0x5742L)).nextLong(), n)
                        : -1;
    }

    public DeviceProfile profile() {
        return profile;
    }

    public double scale() {
        return scale;
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    public int workers() {
        return n;
    }

    /** The high-probability straggler's worker index, or −1 when the scenario has none. */
    public int straggler() {
        return straggler;
    }

    /** The emulated time of one task of {@code work} on {@code worker}. */
    public TaskTime taskTime(
            LayerWorkload work, String requestId, int layer, int worker, int taskIndex) {
        requireWorker(worker);
        SplittableRandom random =
                new SplittableRandom(
                        mix(mix(mix(mix(seed, hash(requestId)), layer), worker), taskIndex));
        ShiftExponential receive = profile.receive().of(work.receiveBytes());
        ShiftExponential send = profile.send().of(work.sendBytes());
        Phase computing =
                worker == straggler
                        ? profile.compute().slowedBy(scenario.stragglerSlowdown())
                        : profile.compute();

        // Draw every phase even when the scenario does not use it, so the draws line up.
        double receiveSeconds = receive.sample(random);
        double computeSeconds = computing.of(work.computeFlops()).sample(random);
        double sendSeconds = send.sample(random);
        double lambda = scenario.straggling();
        receiveSeconds += lambda * receive.mean() * random.nextExponential();
        sendSeconds += lambda * send.mean() * random.nextExponential();
        return new TaskTime(receiveSeconds * scale, computeSeconds * scale, sendSeconds * scale);
    }

    /**
     * The master's emulated time in seconds, already scaled, for {@code flops} of {@code work} in
     * this request's {@code layer} (for {@link MasterWork#LOCAL} the first step's index); zero for
     * no work.
     */
    public double masterSeconds(MasterWork work, double flops, String requestId, int layer) {
        if (!(flops >= 0) || Double.isInfinite(flops)) {
            throw new IllegalArgumentException(
                    "emulated master %s of %s FLOPs, expected a finite count >= 0"
                            .formatted(work, flops));
        }
        if (flops == 0) {
            return 0;
        }
        long stream = MASTER_STREAM + work.ordinal();
        SplittableRandom random =
                new SplittableRandom(mix(mix(mix(seed, hash(requestId)), layer), stream));
        return profile.master().of(flops).sample(random) * scale;
    }

    /** Whether {@code worker} fails its tasks of this request's {@code layer}. */
    public boolean fails(String requestId, int layer, int worker) {
        requireWorker(worker);
        int failures = scenario.failures();
        if (failures == 0) {
            return false;
        }

        // The first n_f entries of a seeded partial shuffle are this turn's failed workers.
        SplittableRandom random = new SplittableRandom(mix(mix(seed, hash(requestId)), ~layer));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < failures; i++) {
            int j = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            if (order[i] == worker) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "DeviceEmulator{profile=%s, scale=%s, %s, seed=%d, n=%d, straggler=%d}"
                .formatted(profile.name(), scale, scenario, seed, n, straggler);
    }

    private void requireWorker(int worker) {
        if (worker < 0 || worker >= n) {
            throw new IllegalArgumentException(
                    "emulated worker %d, expected 0 to %d".formatted(worker, n - 1));
        }
    }

    /** A 64-bit hash of the request id, stable across JVMs (FNV-1a over its UTF-8 bytes). */
    private static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** Combines a seed with a value (the finaliser of SplitMix64, applied to their sum). */
    private static long mix(long seed, long value) {
        long z = seed * 0x9e3779b97f4a7c15L + value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
