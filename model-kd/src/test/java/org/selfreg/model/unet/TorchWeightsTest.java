package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.Backbones;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.CheckpointInfo;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.assertClose;

/**
 * A torch UNet_hd saved as .pth and converted by convert_torch_checkpoint.py (fixtures torch_unet_hd.npz,
 * torch_unet_io.npz: width 4, 9 classes, random weights and BN statistics).
 */
class TorchWeightsTest {

    private static final UNetConfig CONFIG = new UNetConfig(1, 9, 4);

    @Test
    void convertedWeightsGiveTorchsEvalLogits(@TempDir Path dir) throws IOException {
        Path npz = copyFixture("torch_unet_hd.npz", dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList io = load(manager, "torch_unet_io.npz");
            UNet unet = new UNet(CONFIG);
            unet.initialize(manager, DataType.FLOAT32, io.get("input").getShape());
            TorchWeights.loadInto(unet, npz);
            NDArray logits = unet.forwardLogits(new ParameterStore(manager, false), io.get("input"));
            assertClose(io.get("eval_logits"), logits, 1e-5, "eval logits");
        }
    }

    @Test
    void aTrainingRunCanStartFromConvertedWeights(@TempDir Path dir) throws IOException {
        Path npz = copyFixture("torch_unet_hd.npz", dir);
        TrainConfig config = new TrainConfig(0.015, 0.015, 1, 2, 0.01, 0.9, 1e-4, 4, 9, 32, 1234, 0.4, 0.6,
                Backbones.UNET, TrainConfig.SGD, npz.toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList io = load(manager, "torch_unet_io.npz");
            SegmentationBackbone unet = Backbones.create(config);
            unet.initialize(manager, DataType.FLOAT32, io.get("input").getShape());
            Backbones.factory(config.backbone()).afterInitialize(unet, config);
            NDArray logits = unet.forwardLogits(new ParameterStore(manager, false), io.get("input"));
            assertClose(io.get("eval_logits"), logits, 1e-5, "eval logits");
        }
    }

    @Test
    void aConvertedCheckpointPredictsLikeTorch(@TempDir Path dir) throws IOException {
        Path npz = copyFixture("torch_unet_hd.npz", dir);
        TrainConfig config = new TrainConfig(0.015, 0.015, 150, 24, 0.01, 0.9, 1e-4, 4, 9, 32, 1234, 0.4, 0.6);
        Path checkpoint = Checkpoint.fromTorch(npz, config, dir.resolve("ckpt"));
        assertEquals(Checkpoint.paramsFile(dir.resolve("ckpt"), Checkpoint.BEST), checkpoint);
        try (NDManager manager = NDManager.newBaseManager(); TrainedModel model = TrainedModel.load(checkpoint)) {
            assertEquals(CheckpointInfo.Selection.CONVERTED_FROM_TORCH, model.info().selection());
            NDList io = load(manager, "torch_unet_io.npz");
            byte[] expected = io.get("eval_logits").argMax(1).toType(DataType.INT8, false).toByteArray();
            assertArrayEquals(expected, model.predict(io.get("input").toFloatArray(), 2));
        }
    }

    @Test
    void namesTheFirstTensorThatDoesNotFit(@TempDir Path dir) throws IOException {
        Path npz = copyFixture("torch_unet_hd.npz", dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet wider = new UNet(new UNetConfig(1, 9, 8));
            wider.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> TorchWeights.loadInto(wider, npz));
            assertTrue(e.getMessage().contains("inc.double_conv.0.weight") && e.getMessage().contains("baseWidth"),
                    e.getMessage());

            UNet fewerClasses = new UNet(new UNetConfig(1, 3, 4));
            fewerClasses.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            e = assertThrows(InvalidInputException.class, () -> TorchWeights.loadInto(fewerClasses, npz));
            assertTrue(e.getMessage().contains("outc.weight"), e.getMessage());
        }
    }

    @Test
    void rejectsAFileWithAnotherNumberOfTensors(@TempDir Path dir) throws IOException {
        Path notAUNet = copyFixture("kd_loss.npz", dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = new UNet(CONFIG);
            unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> TorchWeights.loadInto(unet, notAUNet));
            assertTrue(e.getMessage().contains("kd_loss.npz") && e.getMessage().contains("tensors"), e.getMessage());
        }
    }

    private static Path copyFixture(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = TorchWeightsTest.class.getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
