package org.selfreg.dataprep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.Objects;

/**
 * How a new scan or image must be prepared to look like the dataset a model was trained on, as the dataset's
 * manifest records it: the rule, the HU window for CT and the network's square size for 2-D images.
 *
 * @param rule   what data preparation did to the intensities (and, for images, the size)
 * @param huMin  lower HU clip of {@link Rule#HU_WINDOW}, mapped to 0
 * @param huMax  upper HU clip of {@link Rule#HU_WINDOW}, mapped to 1
 * @param size   the side images are resized to for {@link Rule#RESIZED_IMAGE}; 0 for volumes
 * @param layout the input layout the dataset was prepared from ({@link InputLayout#id()})
 */
public record InputPreprocessing(Rule rule, double huMin, double huMax, int size, String layout) {

    /** What data preparation did to the raw intensities. */
    public enum Rule {
        /** CT clipped to [huMin, huMax] and scaled to [0, 1] ({@link StoredIntensities}). */
        HU_WINDOW,
        /** MR clipped to its own 0.5th and 99.5th percentiles and min-max scaled ({@link AcdcIntensities}). */
        VOLUME_PERCENTILES,
        /** An RGB image resized to {@code size} x {@code size} with OpenCV's bilinear rule and scaled by 1/255. */
        RESIZED_IMAGE,
        /** Values taken from a preprocessed archive whose own rule is unpublished: raw scans cannot be matched. */
        ARCHIVE_VALUES
    }

    public InputPreprocessing {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(layout, "layout");
    }

    /** The preprocessing a dataset's manifest records. */
    public static InputPreprocessing of(DatasetManifest manifest) {
        Map<String, Object> config = manifest.config();
        InputLayout layout = InputLayout.named(String.valueOf(config.get("layout")));
        if (layout.images()) {
            return new InputPreprocessing(Rule.RESIZED_IMAGE, 0, 1, number(config, "size").intValue(), layout.id());
        }
        if (layout == InputLayout.ACDC) {
            return new InputPreprocessing(Rule.VOLUME_PERCENTILES, 0, 1, 0, layout.id());
        }
        if (layout == InputLayout.ACDC_NPZ) {
            return new InputPreprocessing(Rule.ARCHIVE_VALUES, 0, 1, 0, layout.id());
        }
        return new InputPreprocessing(Rule.HU_WINDOW, number(config, "huMin").doubleValue(),
                number(config, "huMax").doubleValue(), 0, layout.id());
    }

    /** Whether inputs are 2-D images rather than volumes. */
    @JsonIgnore
    public boolean images() {
        return rule == Rule.RESIZED_IMAGE;
    }

    private static Number number(Map<String, Object> config, String key) {
        if (!(config.get(key) instanceof Number n)) {
            throw new InvalidInputException("the dataset manifest's config has no number '" + key + "' (" + config
                    + "); prepare the dataset again with this version");
        }
        return n;
    }
}
