package org.selfreg.model.swin;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.testing.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pretrained initialisation against the reference {@code SwinUnet.load_from} (fixtures: swin/pretrained*.npz). */
class SwinWeightsTest {

    @Test
    void convertedCheckpointLoadsAsTheReferenceLoadFrom() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SwinUNet network = SwinFixtures.network(manager, 0.2, 1);
            SwinWeights.LoadReport report = SwinWeights.loadInto(network, SwinFixtures.path("pretrained.npz"));
            // As with strict=False: the classifier head and mirrored keys without a decoder counterpart are ignored.
            assertTrue(report.unexpected().containsAll(List.of("head.weight", "head.bias",
                    "layers_up.0.blocks.0.attn.qkv.weight", "layers_up.3.downsample.reduction.weight")),
                    report.unexpected().toString());
            assertEquals(1, report.mismatched().size());
            assertTrue(report.mismatched().get(0).startsWith("output.weight"), report.mismatched().toString());
            assertTrue(report.missing().contains("concat_back_dim.1.weight"), "decoder-only layers keep their weights");
            NDList expected = SwinFixtures.load(manager, "pretrained_loaded.npz");
            Map<String, Parameter> parameters = SwinWeights.namedParameters(network);
            assertEquals(expected.size(), parameters.size());
            for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
                Fixtures.assertClose(expected.get(p.getKey()), p.getValue().getArray(), 1e-7, p.getKey());
            }
        }
    }

    @Test
    void missingFileIsReportedWithTheConverterToRun(@TempDir Path dir) {
        SwinUNet network = new SwinUNet(SwinFixtures.small(0), new Random(1));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SwinWeights.loadInto(network, dir.resolve("absent.npz")));
        assertTrue(e.getMessage().contains("convert_swin_pretrained.py"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAnNpzIsRejected(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("weights.npz"), "not a zip");
        try (NDManager manager = NDManager.newBaseManager()) {
            SwinUNet network = SwinFixtures.network(manager, 0, 1);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> SwinWeights.loadInto(network, bogus));
            assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
        }
    }
}
