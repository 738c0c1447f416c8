package org.selfreg.dataprep.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.selfreg.dataprep.InvalidInputException;

/** Stored planes decoded apart (on other threads) must give exactly the values {@link NiftiReader} gives. */
class NiftiPlaneReaderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("org.selfreg.dataprep.nifti.NiftiReaderTest#fixtures")
    void storedPlanesDecodedOnOtherThreadsMatchTheWholeVolume(String name) throws Exception {
        Path file = NiftiReaderTest.fixture(name);
        float[] whole = NiftiReader.read(file).data();
        ExecutorService decoders = Executors.newFixedThreadPool(3);
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            float[] decoded = new float[whole.length];
            List<Future<?>> planes = new ArrayList<>();
            for (int z = 0; z < in.nz(); z++) {
                byte[] stored = new byte[in.planeBytes()];
                in.readStoredPlane(stored);
                int from = z * in.planeSize();
                planes.add(decoders.submit(() -> in.decoder().decode(stored, in.planeSize(), decoded, from)));
            }
            for (Future<?> plane : planes) {
                plane.get();
            }
            assertArrayEquals(whole, decoded, name);
        } finally {
            decoders.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("org.selfreg.dataprep.nifti.NiftiReaderTest#fixtures")
    void codesLookUpTheDecodedValues(String name) throws Exception {
        try (NiftiPlaneReader in = NiftiPlaneReader.open(NiftiReaderTest.fixture(name))) {
            VoxelDecoder decoder = in.decoder();
            int bits = in.storedType().bytes() * 8;
            boolean integer = in.storedType().isInteger();
            assertEquals(integer && bits <= 16 ? 1 << bits : 0, decoder.codeCount(), name);
            if (decoder.codeCount() == 0) {
                return;
            }
            byte[] stored = new byte[in.planeBytes()];
            float[] values = new float[in.planeSize()];
            char[] codes = new char[in.planeSize()];
            for (int z = 0; z < in.nz(); z++) {
                in.readStoredPlane(stored);
                decoder.decode(stored, in.planeSize(), values, 0);
                decoder.codes(stored, in.planeSize(), codes);
                for (int i = 0; i < in.planeSize(); i++) {
                    assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(decoder.valueOf(codes[i])),
                            name + " plane " + z + " voxel " + i);
                }
            }
        }
    }

    @Test
    void storedPlaneHoldsTheFileBytes() throws Exception {
        Path file = NiftiReaderTest.fixture("int32.nii");
        byte[] bytes = Files.readAllBytes(file);
        int voxOffset = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(108);
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            assertEquals(in.planeSize() * 4, in.planeBytes());
            byte[] first = new byte[in.planeBytes()];
            byte[] second = new byte[in.planeBytes()];
            in.readStoredPlane(first);
            in.readStoredPlane(second);
            assertArrayEquals(Arrays.copyOfRange(bytes, voxOffset, voxOffset + in.planeBytes()), first);
            assertArrayEquals(Arrays.copyOfRange(bytes, voxOffset + in.planeBytes(), voxOffset + 2 * in.planeBytes()),
                    second);
        }
    }

    @Test
    void truncatedGzipIsReportedWithTheFileName() throws Exception {
        byte[] bytes = Files.readAllBytes(NiftiReaderTest.fixture("float32.nii.gz"));
        Path file = tmp.resolve("cut.nii.gz");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> readEveryPlane(file));
        assertTrue(e.getMessage().contains("cut.nii.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void truncatedVoxelDataIsReportedWithTheFileName() throws Exception {
        byte[] bytes = Files.readAllBytes(NiftiReaderTest.fixture("int16.nii.gz"));
        Path file = tmp.resolve("short.nii");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] nii = in.readAllBytes();
            Files.write(file, Arrays.copyOf(nii, nii.length - 3));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> readEveryPlane(file));
        assertTrue(e.getMessage().contains("short.nii") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void noPlaneIsReadPastTheLast() throws Exception {
        try (NiftiPlaneReader in = NiftiPlaneReader.open(NiftiReaderTest.fixture("uint8.nii.gz"))) {
            byte[] stored = new byte[in.planeBytes()];
            for (int z = 0; z < in.nz(); z++) {
                in.readStoredPlane(stored);
            }
            assertThrows(IllegalStateException.class, () -> in.readStoredPlane(stored));
        }
    }

    /** Reads every stored plane of {@code file}, as preprocessing does. */
    private static void readEveryPlane(Path file) throws Exception {
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            byte[] stored = new byte[in.planeBytes()];
            for (int z = 0; z < in.nz(); z++) {
                in.readStoredPlane(stored);
            }
        }
    }
}
