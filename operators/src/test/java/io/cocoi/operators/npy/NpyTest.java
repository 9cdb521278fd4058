package io.cocoi.operators.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

    @TempDir Path folder;

    @Test
    void writtenArraysReadBackUnchanged() throws IOException {
        Map<String, FloatTensor> arrays = new LinkedHashMap<>();
        arrays.put("four.d", new FloatTensor(new int[] {2, 3, 1, 2}, sequence(12)));
        arrays.put("vector", new FloatTensor(new int[] {5}, sequence(5)));
        arrays.put("scalar", new FloatTensor(new int[] {}, new float[] {-3.5f}));
        arrays.put("empty", new FloatTensor(new int[] {0, 4}, new float[0]));
        Path file = folder.resolve("round-trip.npz");

        Npz.write(arrays, file);

        assertThat(Npz.read(file)).containsExactlyEntriesOf(arrays);
    }

    @Test
    void headersAreAlignedTo64BytesAsNumpyWritesThem() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Npy.write(new FloatTensor(new int[] {64, 3, 3, 3}, new float[64 * 27]), out);

        byte[] bytes = out.toByteArray();
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(header)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (64, 3, 3, 3), }")
                .endsWith("\n");
        assertThat(bytes).hasSize(10 + headerLength + 64 * 27 * Float.BYTES);
    }

    /**
     * The fixtures were written by numpy 2.4: {@code np.savez} and {@code np.savez_compressed} of
     * conv.weight = arange(24, float32).reshape(2, 3, 2, 2) / 4, bn.running_var = [0.5, 1.5, 2.5]
     * as float64, bn.num_batches_tracked = int64 7, big_endian = [1.25, -2.5] as '>f4' and bytes =
     * [[0, 255], [128, 1]] as uint8.
     */
    @ParameterizedTest
    @ValueSource(strings = {"numpy-savez.npz", "numpy-savez-compressed.npz"})
    void readsWhatNumpyWrote(String fixture) throws IOException, URISyntaxException {
        Path file = Path.of(NpyTest.class.getResource(fixture).toURI());

        Map<String, FloatTensor> arrays = Npz.read(file);

        float[] quarters = new float[24];
        for (int i = 0; i < quarters.length; i++) {
            quarters[i] = i / 4f;
        }
        assertThat(arrays)
                .containsOnlyKeys(
                        "conv.weight",
                        "bn.running_var",
                        "bn.num_batches_tracked",
                        "big_endian",
                        "bytes");
        assertThat(arrays.get("conv.weight"))
                .isEqualTo(new FloatTensor(new int[] {2, 3, 2, 2}, quarters));
        assertThat(arrays.get("bn.running_var").values()).containsExactly(0.5f, 1.5f, 2.5f);
        assertThat(arrays.get("bn.num_batches_tracked").shape()).isEmpty();
        assertThat(arrays.get("bn.num_batches_tracked").values()).containsExactly(7f);
        assertThat(arrays.get("big_endian").values()).containsExactly(1.25f, -2.5f);
        assertThat(arrays.get("bytes").values()).containsExactly(0f, 255f, 128f, 1f);
    }

    @Test
    void rejectsBytesWithoutTheMagicString() {
        assertThatThrownBy(() -> Npy.read("not numpy".getBytes(StandardCharsets.UTF_8), "x.npy"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessage("x.npy: not a .npy array, expected the magic string \\x93NUMPY");
    }

    @Test
    void rejectsFortranOrder() {
        byte[] bytes = npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);

        assertThatThrownBy(() -> Npy.read(bytes, "f.npy"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessage("f.npy: array is stored in Fortran order, expected C order");
    }

    @Test
    void rejectsAnUnsupportedElementType() {
        byte[] bytes = npy("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16);

        assertThatThrownBy(() -> Npy.read(bytes, "c.npy"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith("c.npy: element type '<c8', expected one of f4, f8");
    }

    @Test
    void rejectsDataShorterThanTheShape() {
        byte[] bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), }", 12);

        assertThatThrownBy(() -> Npy.read(bytes, "short.npy"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessage("short.npy: array of shape (4, 2) ends after 3 of 8 elements");
    }

    @Test
    void rejectsAHugeDeclaredShapeBeforeAllocating() {
        byte[] bytes =
                npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", 0);

        assertThatThrownBy(() -> Npy.read(bytes, "bomb.npy"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessage(
                        "bomb.npy: array of shape (100000, 100000) declares 10000000000 elements,"
                                + " more than the limit of 268435456");
    }

    @Test
    void rejectsAFileThatIsNotAZipArchive() throws IOException {
        Path file = folder.resolve("plain.npz");
        Files.writeString(file, "hello");

        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("plain.npz: not a readable .npz (zip) archive");
    }

    /** A version 1.0 file with {@code header} and {@code dataBytes} zero bytes of data. */
    private static byte[] npy(String header, int dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] text = (header + "\n").getBytes(StandardCharsets.US_ASCII);
        writeAll(out, Npy.MAGIC);
        writeAll(out, new byte[] {1, 0, (byte) text.length, (byte) (text.length >>> 8)});
        writeAll(out, text);
        writeAll(out, new byte[dataBytes]);
        return out.toByteArray();
    }

    private static void writeAll(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] sequence(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = i * 0.5f - 1;
        }
        return values;
    }
}
