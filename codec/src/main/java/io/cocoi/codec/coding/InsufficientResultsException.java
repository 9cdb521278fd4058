package io.cocoi.codec.coding;

/**
 * The coded results at hand do not determine every source partition: too few of them, or (for a
 * code that is not MDS) a set whose generator rows have rank below k.
 */
public final class InsufficientResultsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InsufficientResultsException(String message) {
        super(message);
    }
}
