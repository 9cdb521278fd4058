package io.cocoi.codec.geometry;

/**
 * One partition of a split convolution along the split axis: output indices [outputStart,
 * outputEnd) and the input indices [inputStart, inputEnd) they depend on, in padded coordinates
 * (paper eq. 2: a_I = a_O·S, b_I = (b_O − 1)·S + K).
 */
public record PartitionRange(int outputStart, int outputEnd, int inputStart, int inputEnd) {

    public int outputExtent() {
        return outputEnd - outputStart;
    }

    public int inputExtent() {
        return inputEnd - inputStart;
    }
}
