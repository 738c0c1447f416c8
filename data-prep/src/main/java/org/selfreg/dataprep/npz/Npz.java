package org.selfreg.dataprep.npz;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Reads and writes numpy {@code .npz} archives (what {@code np.savez} and {@code np.savez_compressed} produce and
 * {@code np.load} reads), without any engine or native code.
 */
public final class Npz {

    private Npz() {
    }

    /**
     * Reads every array of an archive, STORED or DEFLATED, C or Fortran order, either byte order.
     *
     * @return arrays by key (the entry name without {@code .npy}) in archive order, C order, native values
     * @throws InvalidInputException if the file is missing, not a zip archive, or holds a malformed array
     */
    public static Map<String, NpyArray> read(Path file) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                byte[] npy;
                try (var in = zip.getInputStream(entry)) {
                    npy = in.readAllBytes();
                }
                String key = name.substring(0, name.length() - ".npy".length());
                arrays.put(key, NpyFormat.parse(npy, "entry '" + name + "'"));
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new InvalidInputException(file + ": file not found; check the dataset path", e);
        } catch (ZipException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": not a readable .npz archive (" + e.getMessage()
                    + "); re-create it with numpy's savez or the data-prep module", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return arrays;
    }

    /**
     * Writes arrays as {@code <key>.npy} entries in map order, in the layout numpy writes (version 1.0 headers, C order,
     * little-endian).
     *
     * @param compressed DEFLATED entries like {@code np.savez_compressed}, else STORED like {@code np.savez}
     */
    public static void write(Path file, Map<String, NpyArray> arrays, boolean compressed) {
        try (NpzWriter npz = NpzWriter.open(file, compressed)) {
            arrays.forEach(npz::put);
        }
    }
}
