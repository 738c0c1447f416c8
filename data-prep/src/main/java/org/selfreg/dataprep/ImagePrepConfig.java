package org.selfreg.dataprep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How 2-D images ({@link InputLayout#IMAGE_FOLDERS}, {@link InputLayout#GLAS_BMP}) become a training dataset. Every
 * field enters the dataset digest.
 *
 * @param size      side of the square the images and masks are resized to (UCTransNet: 224)
 * @param valImages training images held out for validation when there is no {@code Val_Folder}, or
 *                  {@link #TEN_PERCENT} for 10 % of them, rounded (UCTransNet's own GlaS split is unpublished)
 * @param splitSeed seed of the shuffle that picks the held-out images
 * @param name      the dataset's name when its folder is neither GlaS nor MoNuSeg; empty for {@code images}
 * @param folds     cross-validation folds of the non-test images (seeded by {@code splitSeed}), 0 for none; they
 *                  replace the validation hold-out, so {@code valImages} is then 0
 */
public record ImagePrepConfig(int size, int valImages, long splitSeed, String name, int folds) {

    /** {@link #valImages} meaning 10 % of the training images, rounded half up. */
    public static final int TEN_PERCENT = -1;

    /** UCTransNet's input size ({@code --img_size 224} in McGregorWwww/UCTransNet {@code Config.py}). */
    public static final int UCTRANSNET_SIZE = 224;

    public ImagePrepConfig {
        if (size < 16 || size > 4096) {
            throw new IllegalArgumentException("size must be in 16..4096, got " + size);
        }
        if (valImages < TEN_PERCENT) {
            throw new IllegalArgumentException("valImages must be >= 0 (or TEN_PERCENT), got " + valImages);
        }
        name = name == null ? "" : name.strip();
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("folds must be 0 (none) or at least 2, got " + folds);
        }
        if (folds > 0 && valImages != 0) {
            throw new IllegalArgumentException("the folds are the validation images; set valImages to 0");
        }
    }

    /** A config without cross-validation folds. */
    public ImagePrepConfig(int size, int valImages, long splitSeed, String name) {
        this(size, valImages, splitSeed, name, 0);
    }

    /** This config with {@code k} cross-validation folds instead of a validation hold-out (0: none). */
    public ImagePrepConfig withFolds(int k) {
        return new ImagePrepConfig(size, k > 0 ? 0 : valImages, splitSeed, name, k);
    }

    /** UCTransNet's size, 10 % held out with seed 42, the name taken from the folder. */
    public static ImagePrepConfig uctransnetDefaults() {
        return new ImagePrepConfig(UCTRANSNET_SIZE, TEN_PERCENT, 42, "");
    }

    /** How many of {@code trainImages} to hold out. */
    int heldOut(int trainImages) {
        return valImages == TEN_PERCENT ? (int) Math.round(trainImages * 0.1) : valImages;
    }

    /** The fields in a fixed order and form, as they enter the manifest and its digest. */
    Map<String, Object> canonicalForm() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("size", size);
        form.put("valImages", valImages == TEN_PERCENT ? "10%" : valImages);
        form.put("splitSeed", splitSeed);
        form.put("name", name);
        // Only when there are folds, so a dataset without them keeps the digest it had before folds existed.
        if (folds > 0) {
            form.put("folds", folds);
        }
        return form;
    }
}
