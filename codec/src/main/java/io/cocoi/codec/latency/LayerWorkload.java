package io.cocoi.codec.latency;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.LtCode;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.codec.geometry.PartitionRange;

/**
 * The workloads of one convolution split k ways and coded onto n workers (paper eq. 8–12), in FLOPs
 * for computation and bytes for transfers (float32 payloads):
 *
 * <ul>
 *   <li>N_enc: 2·k·n·|X| for a dense generator, 2·k·(n−k)·|X| for the systematic code (parity rows
 *       only), 0 for copy codes; |X| = C_I·H_I·W^p_I the input slab length;
 *   <li>N_cmp = 2·C_O·H_O·W^p_O·C_I·K² per worker;
 *   <li>N_rec = 4·|X| and N_sen = 4·|Y| bytes, |Y| = C_O·H_O·W^p_O;
 *   <li>N_dec: 2·k²·|Y| for a dense inverse; 2·m·k·|Y| for the systematic code when m sources are
 *       missing; 0 for copy codes;
 *   <li>N_rem: the FLOPs of the W_O mod k remainder, which the master computes while it waits.
 * </ul>
 *
 * <p>Replication and uncoded need no equal partitions, so they split W_O into partitions of ⌈W_O/k⌉
 * and ⌊W_O/k⌋ columns with no remainder; their workloads are the wider partition's.
 */
public final class LayerWorkload {

    private final ConvLayerShape layer;
    private final CodeKind code;
    private final int n;
    private final int k;
    private final double inputSlab;
    private final double outputSlab;
    private final double computeFlops;
    private final double remainderFlops;

    private LayerWorkload(ConvLayerShape layer, CodeKind code, int n, int k) {
        ConvSplit split = ConvSplit.of(layer, k);
        this.layer = layer;
        this.code = code;
        this.n = n;
        this.k = k;

        // Copy codes need no equal partitions: the widest of ⌈W_O/k⌉ columns leaves no remainder.
        PartitionRange partition = split.source(0);
        boolean uneven = code == CodeKind.UNCODED || code == CodeKind.REPLICATION;
        if (uneven && split.hasRemainder()) {
            int columns = split.partitionOutputExtent() + 1;
            int inputColumns = layer.kernelSize() + (columns - 1) * layer.stride();
            partition = new PartitionRange(0, columns, 0, inputColumns);
        }
        this.inputSlab = split.inputSlabLength(partition);
        this.outputSlab = split.outputSlabLength(partition);
        this.computeFlops = split.shapeOf(partition).flops();
        this.remainderFlops =
                split.hasRemainder() && !uneven ? split.shapeOf(split.remainder()).flops() : 0;
    }

    /**
     * The workloads of {@code layer} in k partitions on n workers with {@code code}; k may exceed n
     * only for LT.
     */
    public static LayerWorkload of(ConvLayerShape layer, CodeKind code, int n, int k) {
        if (n < 1) {
            throw new IllegalArgumentException(
                    "layer %s: n=%d workers, expected 1 or more".formatted(layer.name(), n));
        }
        if (k > n && code != CodeKind.LT) {
            throw new IllegalArgumentException(
                    "layer %s: k=%d is larger than n=%d workers for code %s"
                            .formatted(layer.name(), k, n, code.cliName()));
        }
        return new LayerWorkload(layer, code, n, k);
    }

    public ConvLayerShape layer() {
        return layer;
    }

    public CodeKind code() {
        return code;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** N_enc (eq. 8), reduced to the parity rows for the systematic code. */
    public double encodeFlops() {
        return switch (code) {
            case SYSTEMATIC -> 2.0 * k * (n - k) * inputSlab;
            case VANDERMONDE -> 2.0 * k * n * inputSlab;
            case LT -> 2.0 * ltMeanDegree() * n * inputSlab;
            case REPLICATION, UNCODED -> 0;
        };
    }

    /** N_cmp (eq. 9): one worker's convolution of one partition. */
    public double computeFlops() {
        return computeFlops;
    }

    /** N_rec (eq. 10): the bytes of one coded input slab. */
    public double receiveBytes() {
        return 4.0 * inputSlab;
    }

    /** N_sen (eq. 11): the bytes of one coded output slab. */
    public double sendBytes() {
        return 4.0 * outputSlab;
    }

    /** N_dec (eq. 12) when {@code missingSources} systematic results did not arrive. */
    public double decodeFlops(int missingSources) {
        return switch (code) {
            case SYSTEMATIC -> 2.0 * missingSources * k * outputSlab;
            case VANDERMONDE, LT -> 2.0 * k * k * outputSlab;
            case REPLICATION, UNCODED -> 0;
        };
    }

    /**
     * N_dec averaged over a uniformly random set of k arrivals, which misses k(n−k)/n systematic
     * results on average.
     */
    public double expectedDecodeFlops() {
        if (code == CodeKind.SYSTEMATIC) {
            return 2.0 * ((double) k * (n - k) / n) * k * outputSlab;
        }
        return decodeFlops(k);
    }

    /** The FLOPs of the W_O mod k remainder the master computes. */
    public double remainderFlops() {
        return remainderFlops;
    }

    /** The FLOPs of the whole layer on one device. */
    public double localFlops() {
        return layer.flops();
    }

    private double ltMeanDegree() {
        double[] distribution = new LtCode(n, k).degreeDistribution();
        double mean = 0;
        for (int d = 0; d < distribution.length; d++) {
            mean += (d + 1) * distribution[d];
        }
        return mean;
    }
}
