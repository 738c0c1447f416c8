package org.selfreg.eval.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.VolumeSegmenter;

/**
 * A model trained on a prepared synthetic CT dataset, evaluated as the evaluation worker does, then packaged and
 * run by prediction on the raw NIfTI of a test case: the prediction is the evaluation's exported one, bit for bit.
 */
class PredictionAgreementTest {

    @TempDir
    static Path tmp;

    private static PreparedDataset dataset;
    private static EvaluatedCheckpoint trained;
    private static Path packageDir;

    @BeforeAll
    static void trainEvaluateAndPackage() {
        SyntheticCtGenerator.generate(tmp.resolve("raw"), new SyntheticSpec(4, 32, 4, 5, 3));
        dataset = new Preprocessor().prepare(tmp.resolve("raw"), tmp.resolve("prepared"),
                PreprocessConfig.synapseDefaults().withSplit(1, 1, 5));
        trained = EvaluatedCheckpoint.train(dataset,
                new TrainConfig(0.1, 0.1, 1, 4, 0.01, 0.9, 1e-4, 4, dataset.classes(), 32, 3, 0.4, 0.6),
                tmp.resolve("trial"));
        packageDir = trained.model().dir();
    }

    private static void writePackage(Path dir) {
        EvaluatedCheckpoint.writePackage(dataset, trained.best(), dir);
    }

    @Test
    void predictionOfATestScanIsTheEvaluationsExportBitForBit() throws IOException {
        String testCase = dataset.testCases().getFirst();
        Path out = tmp.resolve("predicted");
        PredictionSummary summary = new BatchPredictor(List.of(ModelPackage.read(packageDir)),
                TestTimeAugmentation.NONE).predict(rawScan(testCase), out, (done, total, file) -> { });

        String stem = rawScan(testCase).getFileName().toString().replace(".nii.gz", "");
        assertArrayEquals(Files.readAllBytes(trained.exported(testCase, "_pred.nii.gz")),
                Files.readAllBytes(out.resolve(stem + ".nii.gz")));
        assertEquals(1, summary.files());
        assertEquals(dataset.description().classNames(), List.copyOf(summary.voxelsPerClass().keySet()));
        PredictionRecord record = new ObjectMapper().readValue(out.resolve(stem + ".json").toFile(),
                PredictionRecord.class);
        assertEquals("trial-key", record.models().getFirst().trialKey());
        assertEquals("none", record.tta());
    }

    @Test
    void anEnsembleOfOneIsTheModelItself() {
        TestVolume volume = TestVolume.read(dataset.volumePath(dataset.testCases().getFirst()));
        try (TrainedModel model = ModelPackage.read(packageDir).load()) {
            byte[] single = new VolumeSegmenter(model, 16).segment(volume);
            byte[] ensemble = new VolumeSegmenter(new AveragedPredictor(List.of(model), TestTimeAugmentation.NONE), 16)
                    .segment(volume);
            assertArrayEquals(single, ensemble);
        }
    }

    @Test
    void flipAugmentationKeepsTheInputsGridAndIsRecorded() throws IOException {
        Path scan = rawScan(dataset.testCases().getFirst());
        Path out = tmp.resolve("flipped");
        ModelPackage model = ModelPackage.read(packageDir);
        new BatchPredictor(List.of(model, model), TestTimeAugmentation.FLIP).predict(scan, out, (d, t, f) -> { });

        String stem = scan.getFileName().toString().replace(".nii.gz", "");
        NiftiVolume input = NiftiReader.read(scan);
        NiftiVolume labels = NiftiReader.read(out.resolve(stem + ".nii.gz"));
        assertEquals(List.of(input.nx(), input.ny(), input.nz()), List.of(labels.nx(), labels.ny(), labels.nz()));
        assertArrayEquals(input.affine()[0], labels.affine()[0], 1e-4);
        assertArrayEquals(input.affine()[2], labels.affine()[2], 1e-4);
        PredictionRecord record = new ObjectMapper().readValue(out.resolve(stem + ".json").toFile(),
                PredictionRecord.class);
        assertEquals("flip", record.tta());
        assertEquals(2, record.models().size());
    }

    @Test
    void aFourDimensionalScanFailsInOneLineAndLeavesNothing() throws IOException {
        Path scan = tmp.resolve("four-d.nii");
        byte[] bytes = Files.readAllBytes(uncompressed(rawScan(dataset.testCases().getFirst()), scan));
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(40, (short) 4).putShort(48, (short) 2);
        Files.write(scan, bytes);
        Path out = tmp.resolve("four-d-out");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new BatchPredictor(
                List.of(ModelPackage.read(packageDir)), TestTimeAugmentation.NONE).predict(scan, out, (d, t, f) -> { }));
        assertTrue(e.getMessage().contains("4-D"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out));
        assertNoStagingLeft();
    }

    @Test
    void aModelFolderThatDoesNotExistIsNamed() {
        Path missing = tmp.resolve("no-such-model");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelPackage.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aTwoDimensionalModelRefusesAVolumeBeforeWritingAnything() throws IOException {
        Path imageModel = tmp.resolve("image-model");
        writePackage(imageModel);
        ObjectMapper json = new ObjectMapper();
        ObjectNode card = (ObjectNode) json.readTree(imageModel.resolve(ModelPackage.CARD).toFile());
        ((ObjectNode) card.get("preprocessing")).put("rule", "RESIZED_IMAGE").put("size", 32);
        json.writeValue(imageModel.resolve(ModelPackage.CARD).toFile(), card);
        Path out = tmp.resolve("image-model-out");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new BatchPredictor(
                List.of(ModelPackage.read(imageModel)), TestTimeAugmentation.NONE)
                .predict(rawScan(dataset.testCases().getFirst()), out, (d, t, f) -> { }));
        assertTrue(e.getMessage().contains("segments 2-D images"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void thePackageIsAnMlflowModelOfTheSelfregFlavor() throws IOException {
        String mlmodel = Files.readString(packageDir.resolve("MLmodel"));
        for (String field : List.of("artifact_path: \"model\"", "flavors:", "selfreg:", "model_uuid:",
                "run_id: \"run-1\"", "utc_time_created:")) {
            assertTrue(mlmodel.contains(field), field + " in\n" + mlmodel);
        }
        ModelCard card = ModelPackage.read(packageDir).card();
        assertEquals(DatasetManifest.read(dataset.dir()).digest(), card.datasetDigest());
        assertEquals(-125.0, card.preprocessing().huMin());
        assertEquals(275.0, card.preprocessing().huMax());
    }

    /** The raw NIfTI a prepared case came from ({@code caseNNNN} from {@code img/imgNNNN.nii.gz}). */
    private static Path rawScan(String caseName) {
        return tmp.resolve("raw").resolve("img").resolve(caseName.replace("case", "img") + ".nii.gz");
    }

    private static Path uncompressed(Path gz, Path target) {
        NiftiVolume volume = NiftiReader.read(gz);
        NiftiWriter.write(target, volume, volume.storedType());
        return target;
    }

    private static void assertNoStagingLeft() throws IOException {
        try (var entries = Files.list(tmp)) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains("-staging-")));
        }
    }
}
