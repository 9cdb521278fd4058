package io.cocoi.codec.latency;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simulates the latency of one layer (paper eq. 5–6) on n workers whose phases are
 * shift-exponential, under a {@link Scenario}: T_c(k) = T_enc + max(T^w_(n:k), T_rem) + T_dec,
 * where T^w_i = T_rec + T_cmp + T_sen, a failed worker never returns and the master computes the
 * W_O mod k remainder while it waits.
 *
 * <p>Each sample draws one unit exponential per worker and phase and scales it to every k (common
 * random numbers), so the estimates for different k are compared on the same luck and k* is stable.
 * When fewer than k workers return, the master computes the partitions still missing after the last
 * survivor. For the systematic code, the decoding work of a sample counts the parity results among
 * the k fastest, which is how many sources must be rebuilt.
 *
 * <p>Uncoded: k = n; a failed worker signals when its computation would have ended and its
 * partition runs again on the live worker that is free first. Replication: k = ⌊n/2⌋; a partition
 * is done when its first copy returns.
 */
public final class LayerSimulation {

    private final DeviceProfile profile;
    private final int n;
    private final Scenario scenario;
    private final CodeKind code;
    private final int samples;
    private final long seed;

    public LayerSimulation(
            DeviceProfile profile,
            int n,
            Scenario scenario,
            CodeKind code,
            int samples,
            long seed) {
        scenario.requireFits(n);
        if (samples < 1) {
            throw new IllegalArgumentException(
                    "Monte Carlo samples %d, expected 1 or more".formatted(samples));
        }
        if (code != CodeKind.SYSTEMATIC && code != CodeKind.VANDERMONDE) {
            throw new IllegalArgumentException(
                    "simulating coded layers with %s, expected systematic or vandermonde"
                            .formatted(code.cliName()));
        }
        this.profile = profile;
        this.n = n;
        this.scenario = scenario;
        this.code = code;
        this.samples = samples;
        this.seed = seed;
    }

    public SimulatedLayer run(ConvLayerShape layer) {
        int maxK = Math.min(n, layer.splitOutputExtent());
        Timing[] coded = new Timing[maxK];
        for (int k = 1; k <= maxK; k++) {
            coded[k - 1] = new Timing(LayerWorkload.of(layer, code, n, k));
        }
        Timing uncoded = new Timing(LayerWorkload.of(layer, CodeKind.UNCODED, n, maxK));
        int copies = Math.min(n / 2, maxK);
        Timing replication =
                n >= 2
                        ? new Timing(LayerWorkload.of(layer, CodeKind.REPLICATION, n, copies))
                        : null;

        SplittableRandom random = new SplittableRandom(seed);
        Draws draws = new Draws(n);
        double[] codedSum = new double[maxK];
        double[] encodeDecodeSum = new double[maxK];
        double uncodedSum = 0;
        double replicationSum = 0;
        for (int sample = 0; sample < samples; sample++) {
            draws.next(random, scenario);
            for (int k = 1; k <= maxK; k++) {
                addCodedSample(coded[k - 1], draws, codedSum, encodeDecodeSum);
            }
            uncodedSum += uncodedSample(uncoded, draws, random);
            if (replication != null) {
                replicationSum += replicationSample(replication, draws);
            }
        }

        double[] codedMean = new double[maxK];
        double[] encodeDecodeMean = new double[maxK];
        for (int k = 0; k < maxK; k++) {
            codedMean[k] = codedSum[k] / samples;
            encodeDecodeMean[k] = encodeDecodeSum[k] / samples;
        }
        return new SimulatedLayer(
                layer,
                n,
                samples,
                codedMean,
                encodeDecodeMean,
                uncodedSum / samples,
                replication == null ? Double.NaN : replicationSum / samples,
                profile.master().meanTime(layer.flops()));
    }

    /** Adds one sample of T_c(k) and of T_enc + T_dec at index k − 1. */
    private void addCodedSample(
            Timing timing, Draws draws, double[] codedSum, double[] encodeDecodeSum) {
        int k = timing.work.k();
        double[] times = draws.times;
        timing.workerTimes(draws, times);
        double[] sorted = draws.sorted;
        System.arraycopy(times, 0, sorted, 0, n);
        Arrays.sort(sorted);
        double kth = sorted[k - 1];

        // Parity results among those used: each one rebuilds a missing systematic source.
        int parityUsed = 0;
        for (int worker = k; worker < n; worker++) {
            if (times[worker] <= kth) {
                parityUsed++;
            }
        }
        double wait = kth;
        if (Double.isInfinite(kth)) {
            int survivors = 0;
            double lastSurvivor = 0;
            for (double time : times) {
                if (Double.isFinite(time)) {
                    survivors++;
                    lastSurvivor = Math.max(lastSurvivor, time);
                }
            }
            wait = lastSurvivor + timing.masterPartitions(k - survivors, draws.fallback);
        }
        int missing = code == CodeKind.SYSTEMATIC ? parityUsed : k;
        double encode = timing.encode.at(draws.encode);
        double decode = profile.master().of(timing.work.decodeFlops(missing)).at(draws.decode);
        double remainder = timing.remainder.at(draws.remainder);
        codedSum[k - 1] += encode + Math.max(wait, remainder) + decode;
        encodeDecodeSum[k - 1] += encode + decode;
    }

    private double uncodedSample(Timing timing, Draws draws, SplittableRandom random) {
        double[] free = draws.times;
        timing.workerTimes(draws, free);
        double[] signals = draws.sorted;
        int failedCount = 0;
        for (int worker = 0; worker < n; worker++) {
            boolean failed = Double.isInfinite(free[worker]);
            if (worker >= timing.work.k()) {
                // More workers than output columns: the rest stand by as spares.
                free[worker] = failed ? Double.POSITIVE_INFINITY : 0;
            } else if (failed) {
                signals[failedCount++] = timing.computeEnd(draws, worker);
            }
        }
        Arrays.sort(signals, 0, failedCount);

        // Each failed partition runs again on the live worker that is free first.
        for (int failed = 0; failed < failedCount; failed++) {
            int worker = earliestFinite(free);
            double start = Math.max(signals[failed], free[worker]);
            free[worker] = start + timing.freshTask(random, worker == draws.straggler);
        }
        double finish = 0;
        for (double time : free) {
            if (Double.isFinite(time)) {
                finish = Math.max(finish, time);
            }
        }
        return Math.max(finish, timing.remainder.at(draws.remainder));
    }

    private double replicationSample(Timing timing, Draws draws) {
        int k = timing.work.k();
        double[] times = draws.times;
        timing.workerTimes(draws, times);
        double finish = 0;
        int lost = 0;
        double lastReturned = 0;
        for (int source = 0; source < k; source++) {
            double first = Double.POSITIVE_INFINITY;
            for (int worker = source; worker < n; worker += k) {
                first = Math.min(first, times[worker]);
            }
            if (Double.isInfinite(first)) {
                lost++;
            } else {
                finish = Math.max(finish, first);
            }
        }
        for (double time : times) {
            if (Double.isFinite(time)) {
                lastReturned = Math.max(lastReturned, time);
            }
        }
        if (lost > 0) {
            finish = lastReturned + timing.masterPartitions(lost, draws.fallback);
        }
        return Math.max(finish, timing.remainder.at(draws.remainder));
    }

    private static int earliestFinite(double[] times) {
        int best = -1;
        for (int i = 0; i < times.length; i++) {
            if (Double.isFinite(times[i]) && (best < 0 || times[i] < times[best])) {
                best = i;
            }
        }
        return best;
    }

    /** One sample's unit exponential draws, failed workers and straggler. */
    private static final class Draws {
        final double[] receive;
        final double[] compute;
        final double[] send;
        final double[] receiveDelay;
        final double[] sendDelay;
        final boolean[] failed;
        final int[] order;
        final double[] times;
        final double[] sorted;
        double encode;
        double decode;
        double remainder;
        double fallback;
        int straggler;

        Draws(int n) {
            receive = new double[n];
            compute = new double[n];
            send = new double[n];
            receiveDelay = new double[n];
            sendDelay = new double[n];
            failed = new boolean[n];
            order = new int[n];
            times = new double[n];
            sorted = new double[n];
        }

        void next(SplittableRandom random, Scenario scenario) {
            int n = receive.length;
            for (int worker = 0; worker < n; worker++) {
                receive[worker] = random.nextExponential();
                compute[worker] = random.nextExponential();
                send[worker] = random.nextExponential();
                receiveDelay[worker] = scenario.straggling() > 0 ? random.nextExponential() : 0;
                sendDelay[worker] = scenario.straggling() > 0 ? random.nextExponential() : 0;
                failed[worker] = false;
                order[worker] = worker;
            }
            encode = random.nextExponential();
            decode = random.nextExponential();
            remainder = random.nextExponential();
            fallback = random.nextExponential();

            // The first n_f entries of a partial shuffle are this sample's failed workers.
            for (int i = 0; i < scenario.failures(); i++) {
                int j = i + random.nextInt(n - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
                failed[order[i]] = true;
            }
            straggler = scenario.hasStraggler() ? random.nextInt(n) : -1;
        }
    }

    /** The phase distributions of one workload, ready to be evaluated at unit draws. */
    private final class Timing {
        final LayerWorkload work;
        final ShiftExponential receive;
        final ShiftExponential compute;
        final ShiftExponential slowCompute;
        final ShiftExponential send;
        final ShiftExponential encode;
        final ShiftExponential remainder;
        final double receiveDelayMean;
        final double sendDelayMean;

        Timing(LayerWorkload work) {
            this.work = work;
            this.receive = profile.receive().of(work.receiveBytes());
            this.compute = profile.compute().of(work.computeFlops());
            this.slowCompute =
                    profile.compute()
                            .slowedBy(scenario.stragglerSlowdown())
                            .of(work.computeFlops());
            this.send = profile.send().of(work.sendBytes());
            this.encode = profile.master().of(work.encodeFlops());
            this.remainder = profile.master().of(work.remainderFlops());
            this.receiveDelayMean = scenario.straggling() * receive.mean();
            this.sendDelayMean = scenario.straggling() * send.mean();
        }

        /** T^w_i for every worker, infinite for a failed one. */
        void workerTimes(Draws draws, double[] times) {
            for (int worker = 0; worker < n; worker++) {
                if (draws.failed[worker]) {
                    times[worker] = Double.POSITIVE_INFINITY;
                    continue;
                }
                ShiftExponential computing = worker == draws.straggler ? slowCompute : compute;
                times[worker] =
                        receive.at(draws.receive[worker])
                                + receiveDelayMean * draws.receiveDelay[worker]
                                + computing.at(draws.compute[worker])
                                + send.at(draws.send[worker])
                                + sendDelayMean * draws.sendDelay[worker];
            }
        }

        /** When a (failed) worker's computation would have ended. */
        double computeEnd(Draws draws, int worker) {
            ShiftExponential computing = worker == draws.straggler ? slowCompute : compute;
            return receive.at(draws.receive[worker])
                    + receiveDelayMean * draws.receiveDelay[worker]
                    + computing.at(draws.compute[worker]);
        }

        /** A whole task on a worker with fresh draws: receive, compute and send. */
        double freshTask(SplittableRandom random, boolean slow) {
            ShiftExponential computing = slow ? slowCompute : compute;
            double delays =
                    scenario.straggling() > 0
                            ? receiveDelayMean * random.nextExponential()
                                    + sendDelayMean * random.nextExponential()
                            : 0;
            return receive.sample(random) + computing.sample(random) + send.sample(random) + delays;
        }

        /** The master computing {@code partitions} partitions itself. */
        double masterPartitions(int partitions, double unitDraw) {
            return profile.master().of(partitions * work.computeFlops()).at(unitDraw);
        }
    }
}
