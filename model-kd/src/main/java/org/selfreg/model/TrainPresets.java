package org.selfreg.model;

import org.selfreg.model.swin.SwinPresets;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Named training recipes of the reference, as complete configurations a sweep selects by name and then overrides
 * key by key.
 */
public final class TrainPresets {

    /** The Synapse UNet recipe, {@link TrainConfig#defaults()}. */
    public static final String UNET_SYNAPSE = "unet-synapse";
    /** The ACDC UNet recipe, {@link TrainConfig#acdcDefaults()}. */
    public static final String UNET_ACDC = "unet-acdc";

    private static final Map<String, Supplier<TrainConfig>> PRESETS = Map.of(
            UNET_SYNAPSE, TrainConfig::defaults,
            UNET_ACDC, TrainConfig::acdcDefaults,
            SwinPresets.SYNAPSE_README, SwinPresets::synapseReadme);

    private TrainPresets() {
    }

    /** Every preset name, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(PRESETS.keySet());
    }

    /**
     * The configuration a preset stands for.
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one of them
     */
    public static TrainConfig config(String name) {
        Supplier<TrainConfig> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("unknown training preset '" + name + "'; known presets: " + names());
        }
        return preset.get();
    }
}
