package io.cocoi.operators.image;

/**
 * Input bytes that cannot become a model input, with a {@link Reason} a pipeline can route on and a
 * message a user can act on.
 */
public final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an input was rejected. */
    public enum Reason {
        /** No bytes, or an image with no pixels. */
        EMPTY,
        /** Neither JPEG, PNG nor a {@code .npy} tensor. */
        UNSUPPORTED_FORMAT,
        /** Recognised by its signature but damaged or truncated. */
        CORRUPT,
        /** Declares more pixels than the limit (a decompression bomb, or simply too big). */
        TOO_LARGE,
        /** A {@code .npy} tensor of the wrong shape or with non-finite values. */
        BAD_TENSOR
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
