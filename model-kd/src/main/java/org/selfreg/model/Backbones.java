package org.selfreg.model;

import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.swin.SwinBackboneFactory;
import org.selfreg.model.unet.SegmentationBackbone;
import org.selfreg.model.unet.UNet;

import java.util.Map;
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

    private static final Map<String, BackboneFactory> FACTORIES = new ConcurrentHashMap<>();

    static {
        register(UNET, new UNetFactory());
        register(SwinBackboneFactory.NAME, new SwinBackboneFactory());
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

    /** A fresh, uninitialised network of the configuration's backbone. */
    public static SegmentationBackbone create(TrainConfig config) {
        return factory(config.backbone()).create(config);
    }

    private static final class UNetFactory implements BackboneFactory {
        @Override
        public SegmentationBackbone create(TrainConfig config) {
            return new UNet(config.unetConfig());
        }

        @Override
        public KdRecipe kdRecipe() {
            return KdRecipe.UNET;
        }

        @Override
        public boolean acceptsImageSize(int size) {
            return size >= UNet.SIZE_MULTIPLE && size % UNet.SIZE_MULTIPLE == 0;
        }

        @Override
        public String imageSizeRule() {
            return "a multiple of " + UNet.SIZE_MULTIPLE + " (four 2x2 poolings)";
        }
    }
}
