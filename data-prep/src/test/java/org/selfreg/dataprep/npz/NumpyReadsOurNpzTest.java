package org.selfreg.dataprep.npz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfreg.dataprep.ReferencePython;

/** numpy must load what we write exactly as TransUNet does: {@code np.load(f)['image']}. */
class NumpyReadsOurNpzTest {

    private static final String CHECK = """
            import sys, numpy as np
            d = np.load(sys.argv[1])
            img, lab = d['image'], d['label']
            assert img.dtype == np.float32 and img.shape == (2, 3) and img.flags['C_CONTIGUOUS'], (img.dtype, img.shape)
            assert lab.dtype == np.uint8 and lab.shape == (2, 3)
            print(list(d.keys()), img.ravel().tolist(), lab.ravel().tolist())
            """;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void numpyLoadsImageAndLabel(boolean compressed) throws Exception {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("image", NpyArray.ofFloat32(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, -1f}, 2, 3));
        arrays.put("label", NpyArray.ofUint8(new byte[] {0, 1, 2, 8, (byte) 200, 0}, 2, 3));
        Path file = tmp.resolve("slice.npz");
        Npz.write(file, arrays, compressed);
        assertEquals("['image', 'label'] [0.0, 0.25, 0.5, 0.75, 1.0, -1.0] [0, 1, 2, 8, 200, 0]",
                ReferencePython.run(CHECK, file.toString()));
    }
}
