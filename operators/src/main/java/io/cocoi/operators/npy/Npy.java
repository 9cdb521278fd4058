package io.cocoi.operators.npy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's {@code .npy} format (versions 1.0 to 3.0): a magic string, a version, a
 * little-endian header length and a Python dict literal with {@code descr}, {@code fortran_order}
 * and {@code shape}, then the raw elements.
 *
 * <p>Reading accepts C-order arrays of float32, float64, int8, uint8, int32 and int64 in either
 * byte order and converts them to float32. The element count is checked against a limit before
 * anything is allocated, so a header that declares a huge array fails fast. Writing produces
 * version 1.0 little-endian float32.
 */
public final class Npy {

    /** The first six bytes of every {@code .npy} file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Elements one array may declare by default: 1 GiB of float32. */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final String SUPPORTED_TYPES = "f4, f8, i1, u1, i4, i8 (either byte order)";
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int HEADER_ALIGNMENT = 64;
    private static final int MAX_HEADER_BYTES = 1 << 16;

    private Npy() {}

    /** Whether {@code bytes} start with the {@code .npy} magic string. */
    public static boolean hasMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads one array from {@code bytes}; {@code source} names it in error messages. */
    public static FloatTensor read(byte[] bytes, String source) throws NpyFormatException {
        try {
            return read(new ByteArrayInputStream(bytes), source, DEFAULT_MAX_ELEMENTS);
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new NpyFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one array from {@code in}, which is left after its last element.
     *
     * @param source names the array in error messages, for example a file or an archive entry
     * @param maxElements the largest element count the header may declare
     * @throws NpyFormatException if the bytes are not a readable {@code .npy} array
     */
    public static FloatTensor read(InputStream in, String source, long maxElements)
            throws IOException {
        Header header = readHeader(in, source);
        long count = FloatTensor.elementCount(header.shape);
        if (count > maxElements) {
            throw new NpyFormatException(
                    "%s: array of shape %s declares %d elements, more than the limit of %d"
                            .formatted(
                                    source,
                                    FloatTensor.describe(header.shape),
                                    count,
                                    maxElements));
        }
        float[] values = new float[(int) count];
        readElements(in, source, header, values);
        return new FloatTensor(header.shape, values);
    }

    /** Writes {@code tensor} as a version 1.0 little-endian float32 {@code .npy} array. */
    public static void write(FloatTensor tensor, OutputStream out) throws IOException {
        String dict =
                "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }"
                        .formatted(FloatTensor.describe(tensor.shape()));

        // Pad with spaces so that the data starts on a 64-byte boundary, ending in a newline.
        int prefix = MAGIC.length + 2 + 2;
        int unpadded = prefix + dict.length() + 1;
        int padding = (HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(MAGIC);
        out.write(new byte[] {1, 0});
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));

        float[] values = tensor.values();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_BYTES / Float.BYTES) {
            int end = Math.min(values.length, start + CHUNK_BYTES / Float.BYTES);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, end - start);
            out.write(chunk.array(), 0, (end - start) * Float.BYTES);
        }
    }

    private static Header readHeader(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length + 2);
        if (magic.length < MAGIC.length + 2 || !hasMagic(magic)) {
            throw new NpyFormatException(
                    source + ": not a .npy array, expected the magic string \\x93NUMPY");
        }
        int major = magic[MAGIC.length];
        int headerLength;
        if (major == 1) {
            headerLength = (int) readLittleEndian(in, 2, source);
        } else if (major == 2 || major == 3) {
            headerLength = (int) readLittleEndian(in, 4, source);
        } else {
            throw new NpyFormatException(
                    "%s: .npy version %d.%d, expected 1.0, 2.0 or 3.0"
                            .formatted(source, major, magic[MAGIC.length + 1]));
        }
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(
                    "%s: .npy header of %d bytes, expected at most %d"
                            .formatted(source, headerLength, MAX_HEADER_BYTES));
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpyFormatException(
                    "%s: .npy header is cut off after %d of %d bytes"
                            .formatted(source, headerBytes.length, headerLength));
        }
        return Header.parse(new String(headerBytes, StandardCharsets.UTF_8), source);
    }

    private static long readLittleEndian(InputStream in, int bytes, String source)
            throws IOException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            int next = in.read();
            if (next < 0) {
                throw new NpyFormatException(source + ": .npy header length is cut off");
            }
            value |= (long) next << (8 * i);
        }
        return value;
    }

    private static void readElements(InputStream in, String source, Header header, float[] values)
            throws IOException {
        int itemSize = header.itemSize;
        byte[] chunk = new byte[CHUNK_BYTES - CHUNK_BYTES % itemSize];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.order);
        int next = 0;
        while (next < values.length) {
            int wanted = (int) Math.min(chunk.length, (long) (values.length - next) * itemSize);
            int read = in.readNBytes(chunk, 0, wanted);
            if (read < wanted) {
                throw new NpyFormatException(
                        "%s: array of shape %s ends after %d of %d elements"
                                .formatted(
                                        source,
                                        FloatTensor.describe(header.shape),
                                        next + read / itemSize,
                                        values.length),
                        new EOFException());
            }
            buffer.clear();
            for (int offset = 0; offset < read; offset += itemSize) {
                values[next++] = header.kind.read(buffer, offset);
            }
        }
    }

    /** The element types the reader converts to float32. */
    private enum ElementKind {
        FLOAT32("f4", 4),
        FLOAT64("f8", 8),
        INT8("i1", 1),
        UINT8("u1", 1),
        INT32("i4", 4),
        INT64("i8", 8);

        private final String code;
        private final int size;

        ElementKind(String code, int size) {
            this.code = code;
            this.size = size;
        }

        float read(ByteBuffer buffer, int offset) {
            return switch (this) {
                case FLOAT32 -> buffer.getFloat(offset);
                case FLOAT64 -> (float) buffer.getDouble(offset);
                case INT8 -> buffer.get(offset);
                case UINT8 -> buffer.get(offset) & 0xFF;
                case INT32 -> buffer.getInt(offset);
                case INT64 -> buffer.getLong(offset);
            };
        }

        static ElementKind of(String code) {
            for (ElementKind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            return null;
        }
    }

    private record Header(int[] shape, ElementKind kind, ByteOrder order, int itemSize) {

        static Header parse(String dict, String source) throws NpyFormatException {
            Matcher descr = DESCR.matcher(dict);
            Matcher fortran = FORTRAN.matcher(dict);
            Matcher shape = SHAPE.matcher(dict);
            if (!descr.find() || !fortran.find() || !shape.find()) {
                throw new NpyFormatException(
                        "%s: .npy header %s, expected descr, fortran_order and shape"
                                .formatted(source, dict.strip()));
            }
            if (!"False".equals(fortran.group(1))) {
                throw new NpyFormatException(
                        source + ": array is stored in Fortran order, expected C order");
            }
            String type = descr.group(1);
            ElementKind kind = type.length() == 3 ? ElementKind.of(type.substring(1)) : null;
            char byteOrder = type.isEmpty() ? '?' : type.charAt(0);
            if (kind == null || "<>|=".indexOf(byteOrder) < 0) {
                throw new NpyFormatException(
                        "%s: element type '%s', expected one of %s"
                                .formatted(source, type, SUPPORTED_TYPES));
            }
            ByteOrder order = byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return new Header(parseShape(shape.group(1), source), kind, order, kind.size);
        }

        private static int[] parseShape(String text, String source) throws NpyFormatException {
            String[] parts = text.split(",");
            int dimensions = 0;
            int[] shape = new int[parts.length];
            for (String part : parts) {
                String digits = part.strip().replace("L", "");
                if (digits.isEmpty()) {
                    continue;
                }
                try {
                    shape[dimensions++] = Integer.parseInt(digits);
                } catch (NumberFormatException e) {
                    throw new NpyFormatException(
                            "%s: shape (%s), expected whole numbers".formatted(source, text));
                }
            }
            int[] result = Arrays.copyOf(shape, dimensions);
            for (int extent : result) {
                if (extent < 0) {
                    throw new NpyFormatException(
                            "%s: shape (%s) has a negative dimension".formatted(source, text));
                }
            }
            return result;
        }
    }
}
