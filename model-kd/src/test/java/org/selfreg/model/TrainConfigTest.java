package org.selfreg.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainConfigTest {

    @Test
    void defaultsAreTheSynapseUNetRecipeAndTheShortFormMeansUNetWithSgd() {
        TrainConfig d = TrainConfig.defaults();
        assertEquals(Backbones.UNET, d.backbone());
        assertEquals(TrainConfig.SGD, d.optimizer());
        assertEquals(d, new TrainConfig(0.015, 0.015, 150, 24, 0.01, 0.9, 1e-4, 64, 9, 224, 1234, 0.4, 0.6,
                "unet", "SGD"), "optimizer names are case-insensitive");
        assertEquals(TrainConfig.ADAMW, TrainConfig.acdcDefaults().optimizer());
    }

    @Test
    void rejectsWhatTheNetworkOrTheRecipeCannotTake() {
        assertRejected("imageSize", "multiple of 16", () -> withSizeAndNames(200, "unet", "sgd"));
        assertRejected("backbone", "one of [", () -> withSizeAndNames(224, "resnet", "sgd"));
        assertRejected("optimizer", "'sgd' or 'adamw'", () -> withSizeAndNames(224, "unet", "adam"));
        assertRejected("lambdaIntra", "finite", () -> new TrainConfig(Double.NaN, 0, 1, 1, 0.01, 0.9, 0, 4, 3, 32, 1,
                0.4, 0.6));
        assertRejected("lambdaInter", ">= 0", () -> new TrainConfig(0, -0.1, 1, 1, 0.01, 0.9, 0, 4, 3, 32, 1, 0.4,
                0.6));
    }

    private static TrainConfig withSizeAndNames(int size, String backbone, String optimizer) {
        return new TrainConfig(0.1, 0.1, 1, 1, 0.01, 0.9, 0, 4, 3, size, 1, 0.4, 0.6, backbone, optimizer);
    }

    private static void assertRejected(String field, String hint, Runnable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(e.getMessage().contains("TrainConfig." + field) && e.getMessage().contains(hint), e.getMessage());
    }
}
