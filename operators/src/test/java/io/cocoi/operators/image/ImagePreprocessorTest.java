package io.cocoi.operators.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.operators.npy.FloatTensor;
import io.cocoi.operators.npy.Npy;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePreprocessorTest {

    /** Filter weights are float32 and normalised to sum to 1: a few ulps of 1/255/std. */
    private static final double PIXEL_TOLERANCE = 1e-4;

    private static final int CROP = ImagePreprocessor.IMAGENET_CROP;
    private static final Path SAMPLES = Path.of("..", "samples");

    private final ImagePreprocessor preprocessor = ImagePreprocessor.imagenet();

    @ParameterizedTest
    @ValueSource(strings = {"red-ball.jpg", "house.jpg", "checkerboard.png", "rings-grey.png"})
    void sampleImagesOfEveryFormatBecomeNormalisedTensors(String sample) throws Exception {
        byte[] bytes = Files.readAllBytes(SAMPLES.resolve(sample));

        float[] input = preprocessor.preprocess(bytes);

        assertThat(input).hasSize(3 * CROP * CROP);
        for (int channel = 0; channel < 3; channel++) {
            float black = (0 - ImagePreprocessor.MEAN[channel]) / ImagePreprocessor.STD[channel];
            float white = (1 - ImagePreprocessor.MEAN[channel]) / ImagePreprocessor.STD[channel];
            for (int i = channel * CROP * CROP; i < (channel + 1) * CROP * CROP; i++) {
                assertThat((double) input[i])
                        .isBetween(black - PIXEL_TOLERANCE, white + PIXEL_TOLERANCE);
            }
        }
        assertThat(bytes.length).as("sample size").isLessThan(50_000);
    }

    @Test
    void aUniformImageGivesTheNormalisedColourEverywhere() throws Exception {
        BufferedImage image = new BufferedImage(300, 400, BufferedImage.TYPE_INT_RGB);
        fill(image, new Color(128, 64, 200));

        float[] input = preprocessor.preprocess(png(image));

        int[] rgb = {128, 64, 200};
        for (int channel = 0; channel < 3; channel++) {
            float expected =
                    (rgb[channel] / 255f - ImagePreprocessor.MEAN[channel])
                            / ImagePreprocessor.STD[channel];
            for (int i = channel * CROP * CROP; i < (channel + 1) * CROP * CROP; i++) {
                assertThat((double) input[i]).isCloseTo(expected, within(PIXEL_TOLERANCE));
            }
        }
    }

    @Test
    void halvingALinearRampSamplesItAtEachOutputPixelCentre() throws Exception {
        // 1024×512 becomes 512×256 (short side 256); the crop starts at column 144, row 16.
        BufferedImage image = new BufferedImage(1024, 512, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 1024; x++) {
            int level = x / 4;
            for (int y = 0; y < 512; y++) {
                image.setRGB(x, y, new Color(level, level, level).getRGB());
            }
        }

        float[] input = preprocessor.preprocess(png(image));

        // Output column c covers source pixels 2(c+144) and 2(c+144)+1 with centre 2(c+144)+1;
        // the antialiased triangle averages the ramp's integer steps around it.
        for (int column : new int[] {1, 50, 111, 200}) {
            int source = 2 * (column + 144);
            double level =
                    (1.0 / 8) * ((source - 1) / 4)
                            + (3.0 / 8) * (source / 4)
                            + (3.0 / 8) * ((source + 1) / 4)
                            + (1.0 / 8) * ((source + 2) / 4);
            double expected = (level / 255 - ImagePreprocessor.MEAN[0]) / ImagePreprocessor.STD[0];
            assertThat((double) input[100 * CROP + column])
                    .as("column %d", column)
                    .isCloseTo(expected, within(PIXEL_TOLERANCE));
        }
    }

    @Test
    void theCropIsCentredOnTheResizedImage() throws Exception {
        // 512×256 keeps its size; the centre crop spans columns 144..367, so the red left half
        // (columns below 256) fills crop columns 0..111 and blue the rest.
        BufferedImage image = new BufferedImage(512, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, 256, 256);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(256, 0, 256, 256);
        graphics.dispose();

        float[] input = preprocessor.preprocess(png(image));

        float red = (1 - ImagePreprocessor.MEAN[0]) / ImagePreprocessor.STD[0];
        float noRed = (0 - ImagePreprocessor.MEAN[0]) / ImagePreprocessor.STD[0];
        int row = 100 * CROP;
        assertThat((double) input[row + 111]).isCloseTo(red, within(PIXEL_TOLERANCE));
        assertThat((double) input[row + 112]).isCloseTo(noRed, within(PIXEL_TOLERANCE));
    }

    @Test
    void aPreprocessedNpyTensorPassesThrough() throws Exception {
        float[] values = new float[3 * CROP * CROP];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 97) / 50f - 1;
        }

        float[] input = preprocessor.preprocess(npy(new int[] {1, 3, CROP, CROP}, values));

        assertThat(input).isEqualTo(values);
    }

    @Test
    void anNpyTensorOfTheWrongShapeIsRejected() {
        byte[] bytes = npy(new int[] {3, CROP, CROP}, new float[3 * CROP * CROP]);

        assertRejected(
                bytes,
                ImageRejectedException.Reason.BAD_TENSOR,
                "input tensor has shape (3, 224, 224), expected (1, 3, 224, 224) (NCHW,"
                        + " preprocessed)");
    }

    @Test
    void anNpyTensorWithNaNIsRejected() {
        float[] values = new float[3 * CROP * CROP];
        values[17] = Float.NaN;

        assertRejected(
                npy(new int[] {1, 3, CROP, CROP}, values),
                ImageRejectedException.Reason.BAD_TENSOR,
                "input tensor has NaN at element 17, expected finite floats");
    }

    @Test
    void emptyInputIsRejected() {
        assertRejected(
                new byte[0],
                ImageRejectedException.Reason.EMPTY,
                "input is empty (0 bytes), expected JPEG, PNG or a float32 .npy tensor");
    }

    @Test
    void aPngWithoutPixelsIsRejected() {
        assertRejected(
                pngHeaderOnly(0, 480),
                ImageRejectedException.Reason.EMPTY,
                "PNG image is 0x480 pixels, expected at least 1x1");
    }

    @Test
    void otherImageFormatsAreRejectedByName() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        ImageIO.write(image, "gif", gif);
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        ImageIO.write(image, "bmp", bmp);

        assertRejected(
                gif.toByteArray(),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                "unsupported image format GIF, expected JPEG, PNG or a float32 .npy tensor");
        assertRejected(
                bmp.toByteArray(),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                "unsupported image format BMP, expected JPEG, PNG or a float32 .npy tensor");
    }

    @Test
    void textIsRejectedShowingItsFirstBytes() {
        assertRejected(
                "hello, world".getBytes(StandardCharsets.US_ASCII),
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                "unrecognised input starting with bytes 68 65 6c 6c 6f 2c 20 77, expected JPEG,"
                        + " PNG or a float32 .npy tensor");
    }

    @Test
    void truncatedImagesAreRejectedAsCorrupt() throws Exception {
        byte[] jpeg = Files.readAllBytes(SAMPLES.resolve("red-ball.jpg"));
        byte[] png = Files.readAllBytes(SAMPLES.resolve("checkerboard.png"));

        assertRejectedAs(
                Arrays.copyOf(jpeg, jpeg.length / 2), ImageRejectedException.Reason.CORRUPT);
        assertRejectedAs(Arrays.copyOf(png, png.length / 2), ImageRejectedException.Reason.CORRUPT);
    }

    @Test
    void aPngWithDamagedDataIsRejectedAsCorrupt() throws Exception {
        byte[] png = Files.readAllBytes(SAMPLES.resolve("rings-grey.png"));
        for (int i = png.length / 3; i < png.length / 3 + 64; i++) {
            png[i] ^= 0x5A;
        }

        assertRejectedAs(png, ImageRejectedException.Reason.CORRUPT);
    }

    @Test
    void aPngDeclaringMoreThan40MegapixelsIsRejectedBeforeDecoding() {
        // Decoding 65535×65535 would need 17 GB; the check must come first.
        assertRejected(
                pngHeaderOnly(65_535, 65_535),
                ImageRejectedException.Reason.TOO_LARGE,
                "PNG image declares 65535x65535 = 4294836225 pixels, more than the limit of"
                        + " 40000000");
    }

    @Test
    void aJpegDeclaringMoreThan40MegapixelsIsRejectedBeforeDecoding() throws Exception {
        byte[] jpeg = Files.readAllBytes(SAMPLES.resolve("red-ball.jpg"));
        int frame = startOfFrame(jpeg);
        ByteBuffer.wrap(jpeg, frame + 5, 4).putShort((short) 60_000).putShort((short) 60_000);

        assertRejected(
                jpeg,
                ImageRejectedException.Reason.TOO_LARGE,
                "JPEG image declares 60000x60000 = 3600000000 pixels, more than the limit of"
                        + " 40000000");
    }

    @Test
    void reducedCropSizesScaleTheResizeLikeImageNet() {
        ImagePreprocessor small = ImagePreprocessor.forCropSize(64);

        assertThat(small.cropSize()).isEqualTo(64);
        assertThat(small.resizeTo()).isEqualTo(73);
    }

    private void assertRejected(
            byte[] bytes, ImageRejectedException.Reason reason, String message) {
        assertThatThrownBy(() -> preprocessor.preprocess(bytes))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(message);
    }

    private void assertRejectedAs(byte[] bytes, ImageRejectedException.Reason reason) {
        assertThatThrownBy(() -> preprocessor.preprocess(bytes))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static void fill(BufferedImage image, Color color) {
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.dispose();
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] npy(int[] shape, float[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Npy.write(new FloatTensor(shape, values), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature and a valid IHDR chunk declaring width×height RGB, and nothing else. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer chunk = ByteBuffer.allocate(4 + 13);
        chunk.put("IHDR".getBytes(StandardCharsets.US_ASCII));
        chunk.putInt(width).putInt(height).put((byte) 8).put((byte) 2);
        chunk.put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        png.putInt(13).put(chunk.array()).putInt((int) crc.getValue());
        return png.array();
    }

    /** The offset of the JPEG's baseline start-of-frame marker (FF C0). */
    private static int startOfFrame(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i;
            }
        }
        throw new IllegalStateException("no baseline start-of-frame marker in the sample JPEG");
    }
}
