package org.selfreg.dataprep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a prepared dataset is, as the manifest records it: everything downstream (the network's input channels and
 * classes, its head and loss, the metrics, reports and MLflow metric names) follows from it, so no Synapse organ name
 * appears for another dataset.
 *
 * @param name       the dataset ({@code synapse}, {@code acdc}, {@code glas}, {@code monuseg}, or a user's name)
 * @param classNames one name per class id, background (id 0) first
 * @param channels   input channels of an image (1 for CT/MR, 3 for RGB histology)
 * @param dimensions 3 for volumes scored as volumes, 2 for images scored one by one (each test image is a one-slice
 *                   volume in {@code test_vol})
 * @param labelRule  how the source masks became class ids
 * @param protocol   the evaluation protocol whose paper numbers the metrics compare with
 */
public record DatasetDescription(String name, List<String> classNames, int channels, int dimensions,
                                 LabelRule labelRule, Protocol protocol) {

    /** How class ids were derived from the source masks. */
    public enum LabelRule {
        /** A map of class ids, remapped through the config's label map. */
        CLASS_MAP,
        /** A binary mask (0 and 255, or 0 and 1): foreground is {@code > 0}. */
        BINARY_MASK,
        /** An instance map (0 background, 1..N one object each), binarised with {@code > 0}. */
        INSTANCE_MAP
    }

    /**
     * The evaluation protocol of a dataset's published numbers; it fixes the paper-compatible rules (which metrics,
     * what an empty class scores). The corrected rules are the same for all.
     */
    public enum Protocol {
        /**
         * TransUNet's Synapse protocol ({@code utils.calculate_metric_percase} of Beckschen/TransUNet): per volume and
         * class Dice and HD95; a predicted class absent from the ground truth scores Dice 1, HD95 0.
         */
        TRANSUNET,
        /**
         * The ACDC protocol of the SelfReg repository ({@code src/train_acdc/utils.py}, after CASCADE's): per volume
         * and class Dice, HD95, Jaccard and ASSD in unit voxels; a predicted class absent from the ground truth scores
         * (1, 0, 1, 0).
         */
        ACDC,
        /**
         * UCTransNet's 2-D protocol ({@code test_model.py} of McGregorWwww/UCTransNet): one sigmoid channel thresholded
         * at 0.5, Dice {@code 2|A∩B| / (|A| + |B| + 1e-5)} and IoU (scikit-learn's {@code jaccard_score}, 0 when both
         * masks are empty) per test image at the network's size, averaged over images.
         */
        UCTRANSNET;

        /** The lower-case name used in manifests and task outputs. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Synapse's classes (BTCV remapped by TransUNet's preprocessing), background first. */
    public static final List<String> SYNAPSE_CLASSES = List.of("background", "spleen", "right kidney", "left kidney",
            "gallbladder", "liver", "stomach", "aorta", "pancreas");

    /**
     * ACDC's classes in the challenge's label ids (0 background, 1 right ventricle cavity, 2 myocardium, 3 left
     * ventricle cavity), which MT-UNet's archive keeps.
     */
    public static final List<String> ACDC_CLASSES = List.of("background", "right ventricle", "myocardium",
            "left ventricle");

    public DatasetDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labelRule, "labelRule");
        Objects.requireNonNull(protocol, "protocol");
        classNames = List.copyOf(classNames);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a dataset needs a name");
        }
        if (classNames.size() < 2 || classNames.size() > 127) {
            throw new IllegalArgumentException("dataset '" + name + "' needs 2 to 127 classes (background included), got "
                    + classNames);
        }
        if (classNames.stream().anyMatch(String::isBlank) || classNames.stream().distinct().count() < classNames.size()) {
            throw new IllegalArgumentException("dataset '" + name + "': class names must be distinct and not blank, got "
                    + classNames);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("dataset '" + name + "': images have 1 or 3 channels, got " + channels);
        }
        if (dimensions != 2 && dimensions != 3) {
            throw new IllegalArgumentException("dataset '" + name + "': dimensions are 2 or 3, got " + dimensions);
        }
        if (protocol == Protocol.UCTRANSNET && (classNames.size() != 2 || dimensions != 2)) {
            throw new IllegalArgumentException("dataset '" + name + "': the UCTransNet protocol scores binary 2-D images,"
                    + " got " + classNames.size() + " classes in " + dimensions + "-D");
        }
    }

    /** Synapse CT as TransUNet prepared it: 8 organs, one channel, volumes. */
    public static DatasetDescription synapse() {
        return new DatasetDescription("synapse", SYNAPSE_CLASSES, 1, 3, LabelRule.CLASS_MAP, Protocol.TRANSUNET);
    }

    /** ACDC cardiac cine MRI: three cardiac structures, one channel, volumes scored by SelfReg's ACDC protocol. */
    public static DatasetDescription acdc() {
        return new DatasetDescription("acdc", ACDC_CLASSES, 1, 3, LabelRule.CLASS_MAP, Protocol.ACDC);
    }

    /**
     * Single-channel volumes with a user's classes ({@code names} background first) or, when {@code names} is empty,
     * {@code class 1 .. class N-1}; scored by TransUNet's rules.
     */
    public static DatasetDescription volumes(String name, List<String> names, int classes) {
        List<String> classNames = names.isEmpty() ? numberedClasses(classes) : names;
        if (classNames.size() != classes) {
            throw new IllegalArgumentException("dataset '" + name + "' has " + classes + " classes (background included)"
                    + " by its label map but " + names.size() + " class names " + names);
        }
        return new DatasetDescription(name, classNames, 1, 3, LabelRule.CLASS_MAP, Protocol.TRANSUNET);
    }

    /** {@code background, class 1, ..., class N-1}. */
    public static List<String> numberedClasses(int classes) {
        List<String> names = new ArrayList<>(List.of("background"));
        for (int c = 1; c < classes; c++) {
            names.add("class " + c);
        }
        return names;
    }

    /** Number of classes, background included. */
    @JsonIgnore
    public int classes() {
        return classNames.size();
    }

    /** The name of class {@code id}, or {@code class N} for an id outside the dataset's classes. */
    public String className(int id) {
        return id >= 0 && id < classNames.size() ? classNames.get(id) : "class " + id;
    }

    /**
     * Whether the network has one sigmoid output channel rather than a softmax over the classes: the UCTransNet
     * protocol's binary head (its {@code UNet}/{@code UCTransNet} end in one channel and {@code nn.Sigmoid}).
     */
    @JsonIgnore
    public boolean sigmoidHead() {
        return protocol == Protocol.UCTRANSNET;
    }
}
