package io.cocoi.codec.geometry;

/** The spatial axis along which a convolution's input and output are cut into partitions. */
public enum SplitAxis {
    WIDTH,
    HEIGHT
}
