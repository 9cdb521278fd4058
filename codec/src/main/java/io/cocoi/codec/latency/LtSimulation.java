package io.cocoi.codec.latency;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.LtCode;
import io.cocoi.codec.geometry.ConvLayerShape;
import java.util.SplittableRandom;

/**
 * Simulates LtCoI (paper appendix G): the layer is split into k source symbols (k may exceed n),
 * and every live worker receives, computes and returns one LT-coded symbol after another until the
 * master holds enough symbols to decode. How many it needs is drawn from the real {@link LtCode}
 * streams of {@value #OVERHEAD_TRIALS} seeds. The master then decodes with a dense k×k inverse; the
 * W_O mod k remainder runs on the master while it waits.
 */
public final class LtSimulation {

    /** LT streams (seeds) whose decoding overhead is measured per k. */
    static final int OVERHEAD_TRIALS = 40;

    private final DeviceProfile profile;
    private final int n;
    private final Scenario scenario;
    private final int samples;
    private final long seed;

    public LtSimulation(DeviceProfile profile, int n, Scenario scenario, int samples, long seed) {
        scenario.requireFits(n);
        if (samples < 1) {
            throw new IllegalArgumentException(
                    "Monte Carlo samples %d, expected 1 or more".formatted(samples));
        }
        this.profile = profile;
        this.n = n;
        this.scenario = scenario;
        this.samples = samples;
        this.seed = seed;
    }

    /** E[T] with k source symbols, 1 ≤ k ≤ W_O. */
    public double expectedLatency(ConvLayerShape layer, int k) {
        LayerWorkload work = LayerWorkload.of(layer, CodeKind.LT, n, k);
        int[] symbolsNeeded = symbolsNeeded(k);
        ShiftExponential receive = profile.receive().of(work.receiveBytes());
        ShiftExponential compute = profile.compute().of(work.computeFlops());
        ShiftExponential slowCompute =
                profile.compute().slowedBy(scenario.stragglerSlowdown()).of(work.computeFlops());
        ShiftExponential send = profile.send().of(work.sendBytes());
        double receiveDelay = scenario.straggling() * receive.mean();
        double sendDelay = scenario.straggling() * send.mean();
        ShiftExponential encodeSymbol = profile.master().of(work.encodeFlops() / n);
        ShiftExponential decode = profile.master().of(work.decodeFlops(k));
        ShiftExponential remainder = profile.master().of(work.remainderFlops());

        SplittableRandom random = new SplittableRandom(seed);
        double[] next = new double[n];
        boolean[] failed = new boolean[n];
        int[] order = new int[n];
        double sum = 0;
        for (int sample = 0; sample < samples; sample++) {
            for (int worker = 0; worker < n; worker++) {
                failed[worker] = false;
                order[worker] = worker;
            }
            for (int i = 0; i < scenario.failures(); i++) {
                int j = i + random.nextInt(n - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
                failed[order[i]] = true;
            }
            int straggler = scenario.hasStraggler() ? random.nextInt(n) : -1;

            // Each live worker's next symbol completion; take the earliest until enough arrived.
            double start = encodeSymbol.sample(random);
            for (int worker = 0; worker < n; worker++) {
                next[worker] = Double.POSITIVE_INFINITY;
                if (!failed[worker]) {
                    next[worker] =
                            start
                                    + symbolTime(
                                            random,
                                            receive,
                                            worker == straggler ? slowCompute : compute,
                                            send,
                                            receiveDelay,
                                            sendDelay);
                }
            }
            int needed = symbolsNeeded[random.nextInt(symbolsNeeded.length)];
            double arrival = 0;
            for (int symbol = 0; symbol < needed; symbol++) {
                int worker = earliest(next);
                arrival = next[worker];
                next[worker] +=
                        symbolTime(
                                random,
                                receive,
                                worker == straggler ? slowCompute : compute,
                                send,
                                receiveDelay,
                                sendDelay);
            }
            sum += Math.max(arrival, remainder.sample(random)) + decode.sample(random);
        }
        return sum / samples;
    }

    /** The k ≤ min(n, W_O) with the least simulated latency (LtCoI-k_s). */
    public int bestSmallK(ConvLayerShape layer) {
        int best = 1;
        double bestLatency = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= Math.min(n, layer.splitOutputExtent()); k++) {
            double latency = expectedLatency(layer, k);
            if (latency < bestLatency) {
                bestLatency = latency;
                best = k;
            }
        }
        return best;
    }

    private int[] symbolsNeeded(int k) {
        int[] needed = new int[OVERHEAD_TRIALS];
        for (int trial = 0; trial < OVERHEAD_TRIALS; trial++) {
            LtCode stream =
                    new LtCode(
                            n, k, LtCode.DEFAULT_C, LtCode.DEFAULT_DELTA, seed + 104729L * trial);
            needed[trial] = stream.symbolsUntilDecodable(100 * k + 1000);
        }
        return needed;
    }

    private static double symbolTime(
            SplittableRandom random,
            ShiftExponential receive,
            ShiftExponential compute,
            ShiftExponential send,
            double receiveDelay,
            double sendDelay) {
        double delays =
                receiveDelay > 0
                        ? receiveDelay * random.nextExponential()
                                + sendDelay * random.nextExponential()
                        : 0;
        return receive.sample(random) + compute.sample(random) + send.sample(random) + delays;
    }

    private static int earliest(double[] times) {
        int best = 0;
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[best]) {
                best = i;
            }
        }
        return best;
    }
}
