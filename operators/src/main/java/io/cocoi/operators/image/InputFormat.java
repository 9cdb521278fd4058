package io.cocoi.operators.image;

import io.cocoi.operators.npy.Npy;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The kinds of input bytes the preprocessor accepts, recognised by their leading signature. */
public enum InputFormat {
    JPEG("jpeg"),
    PNG("png"),
    /** A float32 NumPy array of shape (1, 3, H, W), already preprocessed. */
    NPY("npy");

    private static final String EXPECTED = "expected JPEG, PNG or a float32 .npy tensor";

    private final String readerName;

    InputFormat(String readerName) {
        this.readerName = readerName;
    }

    /** The ImageIO format name. */
    String readerName() {
        return readerName;
    }

    /**
     * The format of {@code bytes}, by signature.
     *
     * @throws ImageRejectedException if there are no bytes or the signature is not accepted
     */
    public static InputFormat detect(byte[] bytes) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(
                    ImageRejectedException.Reason.EMPTY, "input is empty (0 bytes), " + EXPECTED);
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (Npy.hasMagic(bytes)) {
            return NPY;
        }
        String known = knownOtherFormat(bytes);
        String found =
                known != null
                        ? "unsupported image format " + known
                        : "unrecognised input starting with bytes "
                                + HexFormat.ofDelimiter(" ")
                                        .formatHex(bytes, 0, Math.min(8, bytes.length));
        throw new ImageRejectedException(
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT, found + ", " + EXPECTED);
    }

    private static String knownOtherFormat(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(12, bytes.length), StandardCharsets.ISO_8859_1);
        if (head.startsWith("GIF8")) {
            return "GIF";
        }
        if (head.startsWith("BM")) {
            return "BMP";
        }
        if (head.startsWith("RIFF") && head.length() >= 12 && head.startsWith("WEBP", 8)) {
            return "WebP";
        }
        if (head.startsWith("II*\0") || head.startsWith("MM\0*")) {
            return "TIFF";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... signature) {
        if (bytes.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
