package io.cocoi.operators.npy;

import java.io.IOException;

/**
 * A NumPy {@code .npy} or {@code .npz} file that cannot be read: damaged, unsupported or too big.
 */
public final class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
