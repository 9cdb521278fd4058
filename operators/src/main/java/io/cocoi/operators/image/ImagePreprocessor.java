package io.cocoi.operators.image;

import io.cocoi.operators.npy.FloatTensor;
import io.cocoi.operators.npy.Npy;
import io.cocoi.operators.npy.NpyFormatException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns input bytes into a model input, a 3×S×S float array (CHW, the batch dimension of NCHW
 * dropped) with S the crop size, as torchvision's ImageNet evaluation transform does: resize the
 * short side to R (bilinear, antialiased), centre-crop S×S, scale to [0, 1] and normalise each
 * channel with the ImageNet mean and standard deviation. The defaults are R = 256, S = 224.
 *
 * <p>JPEG and PNG are decoded with ImageIO; a float32 {@code .npy} array of shape (1, 3, S, S) is
 * taken as already preprocessed. Empty input, other formats, damaged files and images that declare
 * more than {@value #MAX_PIXELS} pixels are rejected with an {@link ImageRejectedException}; the
 * pixel count is read from the header, before any pixel buffer is allocated. Only the resized
 * pixels inside the crop are computed.
 */
public final class ImagePreprocessor {

    /** Pixels an image may declare: 40 megapixels. */
    public static final long MAX_PIXELS = 40_000_000L;

    public static final int IMAGENET_RESIZE = 256;
    public static final int IMAGENET_CROP = 224;

    /** Per-channel (R, G, B) mean and standard deviation of ImageNet, in [0, 1] units. */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private static final int PNG_WIDTH_OFFSET = 16;
    private static final int PNG_HEADER_END = 24;

    private final int resizeTo;
    private final int cropSize;

    private ImagePreprocessor(int resizeTo, int cropSize) {
        this.resizeTo = resizeTo;
        this.cropSize = cropSize;
    }

    /** Resize 256, crop 224: the ImageNet evaluation transform. */
    public static ImagePreprocessor imagenet() {
        return new ImagePreprocessor(IMAGENET_RESIZE, IMAGENET_CROP);
    }

    /** The ImageNet transform scaled to a crop of {@code cropSize}: resize to cropSize·256/224. */
    public static ImagePreprocessor forCropSize(int cropSize) {
        if (cropSize < 1) {
            throw new IllegalArgumentException(
                    "crop size %d, expected 1 or more".formatted(cropSize));
        }
        int resize = (int) Math.round(cropSize * (double) IMAGENET_RESIZE / IMAGENET_CROP);
        return new ImagePreprocessor(resize, cropSize);
    }

    public int cropSize() {
        return cropSize;
    }

    /** The short side images are resized to before cropping. */
    public int resizeTo() {
        return resizeTo;
    }

    /**
     * The 3×S×S model input for a JPEG, PNG or {@code .npy} file's bytes.
     *
     * @throws ImageRejectedException if the bytes are empty, of another format, damaged, too large,
     *     or a tensor of the wrong shape
     */
    public float[] preprocess(byte[] bytes) throws ImageRejectedException {
        InputFormat format = InputFormat.detect(bytes);
        if (format == InputFormat.NPY) {
            return readTensor(bytes);
        }
        return normalise(decode(bytes, format));
    }

    private float[] readTensor(byte[] bytes) throws ImageRejectedException {
        FloatTensor tensor;
        try {
            tensor = Npy.read(bytes, "input tensor");
        } catch (NpyFormatException e) {
            throw new ImageRejectedException(
                    ImageRejectedException.Reason.CORRUPT, e.getMessage(), e);
        }
        if (!tensor.hasShape(1, 3, cropSize, cropSize)) {
            throw new ImageRejectedException(
                    ImageRejectedException.Reason.BAD_TENSOR,
                    "input tensor has shape %s, expected (1, 3, %d, %d) (NCHW, preprocessed)"
                            .formatted(FloatTensor.describe(tensor.shape()), cropSize, cropSize));
        }
        float[] values = tensor.values();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ImageRejectedException(
                        ImageRejectedException.Reason.BAD_TENSOR,
                        "input tensor has %s at element %d, expected finite floats"
                                .formatted(values[i], i));
            }
        }
        return values;
    }

    private BufferedImage decode(byte[] bytes, InputFormat format) throws ImageRejectedException {
        if (format == InputFormat.PNG) {
            requirePngHeaderSize(bytes);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream stream =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(stream, true, true);

            // The header alone gives the size: check it before any pixel is decoded.
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            requireSize(format, width, height);

            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new ImageRejectedException(
                        ImageRejectedException.Reason.CORRUPT,
                        "%s image is damaged: %s".formatted(format, String.join("; ", warnings)));
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(
                    ImageRejectedException.Reason.CORRUPT,
                    "%s image cannot be decoded (%d bytes): %s"
                            .formatted(format, bytes.length, e.getMessage()),
                    e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * PNG's first chunk is IHDR with the width and height at bytes 16 to 23; ImageIO reports a zero
     * there as a generic read error, so it is checked here first.
     */
    private static void requirePngHeaderSize(byte[] bytes) throws ImageRejectedException {
        if (bytes.length >= PNG_HEADER_END) {
            ByteBuffer header = ByteBuffer.wrap(bytes, PNG_WIDTH_OFFSET, 8);
            long width = Integer.toUnsignedLong(header.getInt());
            long height = Integer.toUnsignedLong(header.getInt());
            if (width == 0 || height == 0) {
                throw new ImageRejectedException(
                        ImageRejectedException.Reason.EMPTY,
                        "PNG image is %dx%d pixels, expected at least 1x1"
                                .formatted(width, height));
            }
        }
    }

    private static void requireSize(InputFormat format, int width, int height)
            throws ImageRejectedException {
        if (width < 1 || height < 1) {
            throw new ImageRejectedException(
                    ImageRejectedException.Reason.EMPTY,
                    "%s image is %dx%d pixels, expected at least 1x1"
                            .formatted(format, width, height));
        }
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new ImageRejectedException(
                    ImageRejectedException.Reason.TOO_LARGE,
                    "%s image declares %dx%d = %d pixels, more than the limit of %d"
                            .formatted(format, width, height, pixels, MAX_PIXELS));
        }
    }

    /** Resize-short-side, centre-crop and normalise, computing only the cropped pixels. */
    private float[] normalise(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();

        // torchvision: the short side becomes R, the long side int(R·long/short).
        long resizedWidth;
        long resizedHeight;
        if (width <= height) {
            resizedWidth = resizeTo;
            resizedHeight = (long) ((double) resizeTo * height / width);
        } else {
            resizedHeight = resizeTo;
            resizedWidth = (long) ((double) resizeTo * width / height);
        }
        long top = Math.round(Math.rint((resizedHeight - cropSize) / 2.0));
        long left = Math.round(Math.rint((resizedWidth - cropSize) / 2.0));
        TriangleFilter columns = new TriangleFilter(width, resizedWidth, left, cropSize);
        TriangleFilter rows = new TriangleFilter(height, resizedHeight, top, cropSize);

        // Horizontal pass over the source rows the crop needs: [row][channel][column].
        int firstRow = rows.lowestTap();
        int rowCount = rows.highestTapEnd() - firstRow;
        float[][][] horizontal = new float[rowCount][3][cropSize];
        int[] argb = new int[width];
        for (int r = 0; r < rowCount; r++) {
            image.getRGB(0, firstRow + r, width, 1, argb, 0, width);
            for (int x = 0; x < cropSize; x++) {
                float[] weights = columns.weights(x);
                int tap = columns.firstTap(x);
                float red = 0;
                float green = 0;
                float blue = 0;
                for (int i = 0; i < weights.length; i++) {
                    int pixel = argb[tap + i];
                    red += weights[i] * ((pixel >> 16) & 0xFF);
                    green += weights[i] * ((pixel >> 8) & 0xFF);
                    blue += weights[i] * (pixel & 0xFF);
                }
                horizontal[r][0][x] = red;
                horizontal[r][1][x] = green;
                horizontal[r][2][x] = blue;
            }
        }

        // Vertical pass, then scale to [0, 1] and normalise per channel.
        float[] output = new float[3 * cropSize * cropSize];
        for (int y = 0; y < cropSize; y++) {
            float[] weights = rows.weights(y);
            int tap = rows.firstTap(y) - firstRow;
            for (int channel = 0; channel < 3; channel++) {
                int base = (channel * cropSize + y) * cropSize;
                for (int x = 0; x < cropSize; x++) {
                    float value = 0;
                    for (int i = 0; i < weights.length; i++) {
                        value += weights[i] * horizontal[tap + i][channel][x];
                    }
                    output[base + x] = (value / 255f - MEAN[channel]) / STD[channel];
                }
            }
        }
        return output;
    }
}
