package io.cocoi.operators.npy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives: a zip file with one {@code NAME.npy} entry per
 * array, stored or deflated, as {@code numpy.savez} and {@code numpy.savez_compressed} write them.
 */
public final class Npz {

    private static final String SUFFIX = ".npy";

    private Npz() {}

    /**
     * The arrays of the archive at {@code path}, keyed by entry name without {@code .npy}, in
     * archive order.
     *
     * @throws NpyFormatException if the file is not a zip archive, an entry is not a {@code .npy}
     *     array, or an array is larger than {@link Npy#DEFAULT_MAX_ELEMENTS}
     */
    public static Map<String, FloatTensor> read(Path path) throws IOException {
        Map<String, FloatTensor> arrays = new LinkedHashMap<>();
        try (ZipFile archive = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String source = path.getFileName() + ":" + entry.getName();
                if (!entry.getName().endsWith(SUFFIX)) {
                    throw new NpyFormatException(
                            source + ": archive entry is not a .npy array, expected NAME.npy");
                }
                String key =
                        entry.getName().substring(0, entry.getName().length() - SUFFIX.length());
                try (InputStream in = archive.getInputStream(entry)) {
                    arrays.put(key, Npy.read(in, source, Npy.DEFAULT_MAX_ELEMENTS));
                }
            }
        } catch (ZipException e) {
            throw new NpyFormatException(
                    "%s: not a readable .npz (zip) archive: %s".formatted(path, e.getMessage()), e);
        }
        return arrays;
    }

    /** Writes {@code arrays} to {@code path} as a deflated archive, one entry per key. */
    public static void write(Map<String, FloatTensor> arrays, Path path) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path));
                ZipOutputStream archive = new ZipOutputStream(file)) {
            for (Map.Entry<String, FloatTensor> array : arrays.entrySet()) {
                archive.putNextEntry(new ZipEntry(array.getKey() + SUFFIX));
                Npy.write(array.getValue(), archive);
                archive.closeEntry();
            }
        }
    }
}
