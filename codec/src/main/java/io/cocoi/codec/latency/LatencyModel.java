package io.cocoi.codec.latency;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.SplitAxis;

/**
 * Closed-form expected latencies of one layer (paper section IV) for a device profile, n workers
 * and a scenario. Failed workers shrink the pool the order statistics are taken over to n' = n −
 * n_f; a straggler is not modelled here (the simulation has it).
 *
 * <p>With θ_sum = N_rec·θ_rec + N_cmp·θ_cmp + N_sen·θ_sen and µ_sum = N_rec/µ_rec + N_cmp/µ_cmp +
 * N_sen/µ_sen, plus λ_tr times the mean transfer times under straggling:
 *
 * <ul>
 *   <li>{@link #paperApproximation}: eq. 16, (N_enc + N_dec)(1/µ_m + θ_m) + θ_sum +
 *       µ_sum·ln(n'/(n'−k)), undefined (infinite) at k = n';
 *   <li>{@link #harmonicApproximation}: the same with the exact mean of the k-th of n' exponential
 *       order statistics, H_n' − H_(n'−k), defined at k = n'; the master's remainder runs while it
 *       waits, so the wait is the larger of the two means;
 *   <li>{@link #numericalExpectation}: E[T_c(k)] itself for identical workers, integrated
 *       numerically.
 * </ul>
 */
public final class LatencyModel {

    private final DeviceProfile profile;
    private final int n;
    private final Scenario scenario;

    public LatencyModel(DeviceProfile profile, int n, Scenario scenario) {
        scenario.requireFits(n);
        this.profile = profile;
        this.n = n;
        this.scenario = scenario;
    }

    public int n() {
        return n;
    }

    /** Workers that return: n − n_f. */
    public int liveWorkers() {
        return n - scenario.failures();
    }

    /** E[T_enc + T_dec] at the master, with the expected decoding work. */
    public double encodeDecodeMean(LayerWorkload work) {
        return profile.master().meanTime(work.encodeFlops() + work.expectedDecodeFlops());
    }

    /** θ_sum: the least time of one worker's receive, compute and send. */
    public double shiftSum(LayerWorkload work) {
        return work.receiveBytes() * profile.receive().theta()
                + work.computeFlops() * profile.compute().theta()
                + work.sendBytes() * profile.send().theta();
    }

    /** µ_sum: the summed exponential means of one worker's phases, with straggling delays. */
    public double scaleSum(LayerWorkload work) {
        double transfers =
                profile.receive().meanTime(work.receiveBytes())
                        + profile.send().meanTime(work.sendBytes());
        return work.receiveBytes() / profile.receive().mu()
                + work.computeFlops() / profile.compute().mu()
                + work.sendBytes() / profile.send().mu()
                + scenario.straggling() * transfers;
    }

    /** L(k) of eq. 16 with ln(n'/(n'−k)); infinite for k ≥ n'. */
    public double paperApproximation(LayerWorkload work) {
        int live = liveWorkers();
        if (work.k() >= live) {
            return Double.POSITIVE_INFINITY;
        }
        double orderStatistic = Math.log((double) live / (live - work.k()));
        return encodeDecodeMean(work) + shiftSum(work) + scaleSum(work) * orderStatistic;
    }

    /**
     * L(k) with H_n' − H_(n'−k) and the master's remainder; for k > n' the master also computes the
     * k − n' partitions no worker returns.
     */
    public double harmonicApproximation(LayerWorkload work) {
        int live = liveWorkers();
        double wait;
        if (work.k() <= live) {
            wait = shiftSum(work) + scaleSum(work) * (harmonic(live) - harmonic(live - work.k()));
        } else {
            wait =
                    shiftSum(work)
                            + scaleSum(work) * harmonic(live)
                            + profile.master().meanTime((work.k() - live) * work.computeFlops());
        }
        double remainder = profile.master().meanTime(work.remainderFlops());
        return encodeDecodeMean(work) + Math.max(wait, remainder);
    }

    /**
     * E[T_c(k)] = E[T_enc] + E[max(T^w_(n':k), T_rem)] + E[T_dec] by numerical integration, with
     * T^w = θ_sum + Y and Y the exact sum of one worker's exponential parts (its phases and any
     * straggling delays). Unlike eq. 15 this takes the order statistic of the sum rather than
     * summing order statistics, so for identical workers it is the model's expectation itself, not
     * an approximation. For k > n' the master adds the k − n' partitions no worker returns.
     */
    public double numericalExpectation(LayerWorkload work) {
        int live = liveWorkers();
        int k = Math.min(work.k(), live);
        ShiftExponential remainder = profile.master().of(work.remainderFlops());
        double wait =
                OrderStatistics.expectedMaxOfKth(
                        live, k, shiftSum(work), exponentialScales(work), remainder);
        if (work.k() > live) {
            wait += profile.master().meanTime((work.k() - live) * work.computeFlops());
        }
        return encodeDecodeMean(work) + wait;
    }

    /** The means of the exponential parts of one worker's time, straggling delays included. */
    public double[] exponentialScales(LayerWorkload work) {
        return new double[] {
            work.receiveBytes() / profile.receive().mu(),
            work.computeFlops() / profile.compute().mu(),
            work.sendBytes() / profile.send().mu(),
            scenario.straggling() * profile.receive().meanTime(work.receiveBytes()),
            scenario.straggling() * profile.send().meanTime(work.sendBytes())
        };
    }

    /**
     * The uncoded latency of eq. 20: h2/n + h3·ln(n)/n + h4·ln n + h5, over the whole layer's
     * workloads (I_W = C_I·H_I·W_O·S, O = C_O·H_O·W_O, N_t = 2·C_O·H_O·C_I·K²·W_O, I_ov =
     * C_I·H_I·(K − S)); failures are not part of eq. 20.
     */
    public double uncodedPaper(ConvLayerShape layer) {
        boolean width = layer.splitAxis() == SplitAxis.WIDTH;
        double inputHeight = width ? layer.paddedHeight() : layer.paddedWidth();
        double outputHeight = width ? layer.outputHeight() : layer.outputWidth();
        double outputWidth = layer.splitOutputExtent();
        double kernel = layer.kernelSize();
        double stride = layer.stride();

        double inputBytes = 4 * layer.inChannels() * inputHeight * outputWidth * stride;
        double outputBytes = 4 * layer.outChannels() * outputHeight * outputWidth;
        double flops =
                2
                        * layer.outChannels()
                        * outputHeight
                        * layer.inChannels()
                        * kernel
                        * kernel
                        * outputWidth;
        double overlapBytes = 4 * layer.inChannels() * inputHeight * Math.max(0, kernel - stride);

        Phase receive = profile.receive();
        Phase send = profile.send();
        Phase compute = profile.compute();
        double h2 =
                inputBytes * receive.theta() + outputBytes * send.theta() + flops * compute.theta();
        double h3 =
                inputBytes / receive.mu()
                        + outputBytes / send.mu()
                        + flops / compute.mu()
                        + scenario.straggling()
                                * (receive.meanTime(inputBytes) + send.meanTime(outputBytes));
        double h4 = overlapBytes / receive.mu();
        double h5 = overlapBytes * receive.theta();
        return h2 / n + h3 * Math.log(n) / n + h4 * Math.log(n) + h5;
    }

    /** The mean time to compute the whole layer on the master. */
    public double local(ConvLayerShape layer) {
        return profile.master().meanTime(layer.flops());
    }

    /** H_m = 1 + 1/2 + … + 1/m, the mean of the largest of m unit exponentials. */
    public static double harmonic(int m) {
        double sum = 0;
        for (int i = 1; i <= m; i++) {
            sum += 1.0 / i;
        }
        return sum;
    }
}
