package org.selfreg.model;

import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.swin.SwinBackboneFactory;
import org.selfreg.model.uctransnet.UCTransNetBackboneFactory;
import org.selfreg.model.unet.SegmentationBackbone;
import org.selfreg.model.unet.TorchWeights;
import org.selfreg.model.unet.UNet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networks {@link TrainConfig#backbone()} can name. Training, resuming and {@link TrainedModel#load} all build
 * their network here, so a new architecture plugs in by registering a name; built-in ones are registered below so
 * that every process (trainer, evaluator) knows them without set-up.
 */
public final class Backbones {

    /** UNet_hd of SelfReg-UNet. */
    public static final String UNET = "unet";

    private static final Logger LOG = LoggerFactory.getLogger(Backbones.class);
    private static final Map<String, BackboneFactory> FACTORIES = new ConcurrentHashMap<>();

    static {
        register(UNET, new UNetFactory());
        register(SwinBackboneFactory.NAME, new SwinBackboneFactory());
        register(UCTransNetBackboneFactory.NAME, new UCTransNetBackboneFactory());
    }

    private Backbones() {
    }

    /**
     * Makes {@code name} available to {@link TrainConfig}.
     *
     * @throws IllegalArgumentException if the name is taken by another factory
     */
    public static void register(String name, BackboneFactory factory) {
        BackboneFactory previous = FACTORIES.putIfAbsent(name, factory);
        if (previous != null && previous != factory) {
            throw new IllegalArgumentException("backbone '" + name + "' is already registered");
        }
    }

    /** Registered names, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(FACTORIES.keySet());
    }

    /** The factory registered under {@code name}. */
    public static BackboneFactory factory(String name) {
        BackboneFactory factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown backbone '" + name + "'; registered: " + names());
        }
        return factory;
    }

    /**
     * A fresh, uninitialised network of the configuration's backbone, with training-time randomness seeded from the
     * configuration: for inference, and for networks that only receive weights.
     */
    public static SegmentationBackbone create(TrainConfig config) {
        return create(config, new Random(config.seed()));
    }

    /** A fresh, uninitialised network whose training-time randomness draws from {@code random}. */
    public static SegmentationBackbone create(TrainConfig config, Random random) {
        return factory(config.backbone()).create(config, random);
    }

    private static final class UNetFactory implements BackboneFactory {
        /** UNet_hd has no training-time randomness of its own. */
        @Override
        public SegmentationBackbone create(TrainConfig config, Random random) {
            return new UNet(config.unetConfig());
        }

        @Override
        public KdRecipe kdRecipe() {
            return KdRecipe.UNET;
        }

        @Override
        public KdRecipeOrigin kdRecipeOrigin() {
            return KdRecipeOrigin.PAPER;
        }

        @Override
        public boolean acceptsImageSize(int size) {
            return size >= UNet.SIZE_MULTIPLE && size % UNet.SIZE_MULTIPLE == 0;
        }

        @Override
        public String imageSizeRule() {
            return "a multiple of " + UNet.SIZE_MULTIPLE + " (four 2x2 poolings)";
        }

        /** A converted PyTorch UNet_hd state dict (the authors' release): a fine-tuning start. */
        @Override
        public void afterInitialize(SegmentationBackbone network, TrainConfig config) {
            config.pretrainedFile().ifPresent(npz -> {
                TorchWeights.loadInto((UNet) network, npz);
                LOG.info("Initialised the UNet from {}", npz);
            });
        }
    }
}
