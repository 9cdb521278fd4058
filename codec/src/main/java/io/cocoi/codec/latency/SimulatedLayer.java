package io.cocoi.codec.latency;

import io.cocoi.codec.geometry.ConvLayerShape;

/**
 * Monte Carlo estimates of one layer's expected latency (seconds): coded with k = 1..kMax (kMax =
 * min(n, W_O)), uncoded (k = kMax, failed partitions re-executed), replication (k = ⌊n/2⌋, two
 * copies) and local on the master.
 *
 * @param coded E[T_c(k)] at index k − 1 (eq. 5–6)
 * @param codedEncodeDecode E[T_enc + T_dec] at index k − 1
 * @param replication NaN when n < 2
 */
public record SimulatedLayer(
        ConvLayerShape layer,
        int n,
        int samples,
        double[] coded,
        double[] codedEncodeDecode,
        double uncoded,
        double replication,
        double local) {

    public int maxK() {
        return coded.length;
    }

    public double coded(int k) {
        return coded[k - 1];
    }

    public double encodeDecode(int k) {
        return codedEncodeDecode[k - 1];
    }

    /** k* = argmin_k E[T_c(k)] (eq. 13); the smaller k on a tie. */
    public int bestK() {
        int best = 1;
        for (int k = 2; k <= maxK(); k++) {
            if (coded(k) < coded(best)) {
                best = k;
            }
        }
        return best;
    }
}
