package io.cocoi.operators.npy;

import java.util.Arrays;

/**
 * A dense float32 tensor in C (row-major) order with its shape; a scalar has an empty shape.
 *
 * @param shape the extent of each dimension, outermost first
 * @param values the elements, as many as the product of the shape
 */
public record FloatTensor(int[] shape, float[] values) {

    public FloatTensor {
        long expected = elementCount(shape);
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    "tensor of shape %s has %d values, expected %d"
                            .formatted(describe(shape), values.length, expected));
        }
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Whether the shape equals {@code expected} dimension by dimension. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The product of the dimensions (1 for a scalar), or Long.MAX_VALUE if it overflows. */
    public static long elementCount(int[] shape) {
        long count = 1;
        for (int extent : shape) {
            if (extent < 0) {
                throw new IllegalArgumentException(
                        "shape %s has a negative dimension".formatted(describe(shape)));
            }
            try {
                count = Math.multiplyExact(count, extent);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    /** A shape as Python prints it, for example {@code (64, 3, 3, 3)} or {@code (64,)}. */
    public static String describe(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatTensor tensor
                && Arrays.equals(shape, tensor.shape)
                && Arrays.equals(values, tensor.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + describe(shape);
    }
}
