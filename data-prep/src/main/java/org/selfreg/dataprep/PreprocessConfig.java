package org.selfreg.dataprep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How raw CT becomes a training dataset: the HU window, the label remap and the case split. Every field enters the
 * dataset digest, so changing any of them gives a different dataset.
 *
 * @param huMin          lower HU clip, mapped to 0
 * @param huMax          upper HU clip, mapped to 1
 * @param labelMap       raw label id to class id; a raw id missing from the map is an input error
 * @param valCases       cases held out for validation (slices and volumes are written)
 * @param testCases      cases held out for testing (volumes are written)
 * @param splitSeed      seed of the shuffle that assigns cases to train/val/test
 * @param referenceSplit use TransUNet's published 18/12 Synapse split instead of a seeded shuffle
 * @param name           the dataset's name in the manifest and reports; empty for {@code synapse} with a Synapse label
 *                       map, the layout's name otherwise
 * @param classNames     one name per class id, background first; empty for Synapse's organs with a Synapse label map,
 *                       {@code class N} otherwise
 * @param folds          cross-validation folds of the non-test cases (seeded by {@code splitSeed}), 0 for none; they
 *                       replace the validation hold-out, so {@code valCases} is then 0
 */
public record PreprocessConfig(double huMin, double huMax, Map<Integer, Integer> labelMap, int valCases, int testCases,
                               long splitSeed, boolean referenceSplit, String name, List<String> classNames,
                               int folds) {

    /** BTCV's 13 organ ids to the 8 Synapse classes; oesophagus, IVC, portal vein and adrenals become background. */
    public static final Map<Integer, Integer> BTCV_TO_SYNAPSE = Collections.unmodifiableMap(new TreeMap<>(Map.ofEntries(
            Map.entry(0, 0), Map.entry(1, 1), Map.entry(2, 2), Map.entry(3, 3), Map.entry(4, 4), Map.entry(5, 0),
            Map.entry(6, 5), Map.entry(7, 6), Map.entry(8, 7), Map.entry(9, 0), Map.entry(10, 0), Map.entry(11, 8),
            Map.entry(12, 0), Map.entry(13, 0))));

    /** Synapse class ids to themselves: for data already in the 8-organ ids, such as TransUNet's preprocessed files. */
    public static final Map<Integer, Integer> SYNAPSE_IDENTITY = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8)));

    /** ACDC's label ids to themselves: both forms of ACDC already use the class ids 0..3. */
    public static final Map<Integer, Integer> ACDC_IDENTITY = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            0, 0, 1, 1, 2, 2, 3, 3)));

    public PreprocessConfig {
        if (!(Double.isFinite(huMin) && Double.isFinite(huMax) && huMin < huMax)) {
            throw new IllegalArgumentException("need finite huMin < huMax, got " + huMin + ", " + huMax);
        }
        Objects.requireNonNull(labelMap, "labelMap");
        if (!labelMap.containsKey(0)) {
            throw new IllegalArgumentException("labelMap must map background 0");
        }
        labelMap.forEach((raw, mapped) -> {
            if (raw < 0 || raw > 255 || mapped < 0 || mapped > 255) {
                throw new IllegalArgumentException("labelMap ids must be in 0..255, got " + raw + " -> " + mapped);
            }
        });
        labelMap = Collections.unmodifiableMap(new TreeMap<>(labelMap));
        if (valCases < 0 || testCases < 0) {
            throw new IllegalArgumentException("valCases and testCases must be >= 0");
        }
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("folds must be 0 (none) or at least 2, got " + folds);
        }
        if (folds > 0 && valCases != 0) {
            throw new IllegalArgumentException("the folds are the validation cases; set valCases to 0");
        }
        if (referenceSplit && valCases != 0) {
            throw new IllegalArgumentException("the reference split has no validation cases; set valCases to 0");
        }
        name = name == null ? "" : name.strip();
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (!classNames.isEmpty() && classNames.size() != classes(labelMap)) {
            throw new IllegalArgumentException("the label map gives " + classes(labelMap) + " classes (background"
                    + " included) but " + classNames.size() + " class names are given: " + classNames);
        }
    }

    /** A config named by its layout, with Synapse's class names for a Synapse label map. */
    public PreprocessConfig(double huMin, double huMax, Map<Integer, Integer> labelMap, int valCases, int testCases,
                            long splitSeed, boolean referenceSplit) {
        this(huMin, huMax, labelMap, valCases, testCases, splitSeed, referenceSplit, "", List.of(), 0);
    }

    /** A config with a seeded shuffle split. */
    public PreprocessConfig(double huMin, double huMax, Map<Integer, Integer> labelMap, int valCases, int testCases,
                            long splitSeed) {
        this(huMin, huMax, labelMap, valCases, testCases, splitSeed, false);
    }

    /**
     * TransUNet's Synapse window [-125, 275] and BTCV 13-to-8 remap with a small seeded split (1 validation, 2 test
     * cases) that also fits the 8-case synthetic demo; see {@link #synapseReference()} for the published split.
     */
    public static PreprocessConfig synapseDefaults() {
        return new PreprocessConfig(-125, 275, BTCV_TO_SYNAPSE, 1, 2, 42, false);
    }

    /** The Synapse window and remap with TransUNet's published split (18 train, 12 test in the listed order). */
    public static PreprocessConfig synapseReference() {
        return new PreprocessConfig(-125, 275, BTCV_TO_SYNAPSE, 0, 12, 0, true);
    }

    /**
     * ACDC with a seeded patient-level split of 10 validation and 20 test patients (MT-UNet's proportions; see
     * {@link #acdcReference()} for its lists). The window [0, 1] is a placeholder that no ACDC layout applies: MR has
     * no HU scale, so the ACDC layouts normalise each volume themselves and record how in the manifest.
     */
    public static PreprocessConfig acdcDefaults() {
        return new PreprocessConfig(0, 1, ACDC_IDENTITY, 10, 20, 42, false);
    }

    /**
     * ACDC with MT-UNet's published 70/10/20 patient split (the lists SelfReg's {@code src/train_acdc} reads); its
     * counts are fixed by those lists, so the validation count stays 0 here as for every reference split.
     */
    public static PreprocessConfig acdcReference() {
        return new PreprocessConfig(0, 1, ACDC_IDENTITY, 0, 20, 0, true);
    }

    /** This window and remap with a seeded shuffle split, for data sets other than the 30 BTCV cases. */
    public PreprocessConfig withSplit(int valCases, int testCases, long splitSeed) {
        return new PreprocessConfig(huMin, huMax, labelMap, valCases, testCases, splitSeed, false, name, classNames,
                folds);
    }

    /** This config with another label map (e.g. a user's map for the plain NIfTI layout). */
    public PreprocessConfig withLabelMap(Map<Integer, Integer> map) {
        return new PreprocessConfig(huMin, huMax, map, valCases, testCases, splitSeed, referenceSplit, name, List.of(),
                folds);
    }

    /** This config with the dataset's name and class names (background first; empty for {@code class N}). */
    public PreprocessConfig withNames(String datasetName, List<String> names) {
        return new PreprocessConfig(huMin, huMax, labelMap, valCases, testCases, splitSeed, referenceSplit, datasetName,
                names, folds);
    }

    /** This config with {@code k} cross-validation folds instead of a validation hold-out (0: none). */
    public PreprocessConfig withFolds(int k) {
        return new PreprocessConfig(huMin, huMax, labelMap, k > 0 ? 0 : valCases, testCases, splitSeed, referenceSplit,
                name, classNames, k);
    }

    /**
     * What the prepared dataset is: Synapse (its organs) for a Synapse label map without other names, otherwise the
     * config's name (the layout's by default) and class names.
     */
    DatasetDescription description(InputLayout layout) {
        if (layout.isAcdc()) {
            return DatasetDescription.acdc();
        }
        boolean synapseMap = labelMap.equals(BTCV_TO_SYNAPSE) || labelMap.equals(SYNAPSE_IDENTITY);
        if (synapseMap && name.isEmpty() && classNames.isEmpty()) {
            return DatasetDescription.synapse();
        }
        return DatasetDescription.volumes(name.isEmpty() ? layout.id() : name, classNames, classes());
    }

    /** Number of output classes, background included: one more than the largest class id. */
    public int classes() {
        return classes(labelMap);
    }

    private static int classes(Map<Integer, Integer> labelMap) {
        return labelMap.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }

    /** The fields in a fixed order and form, as they enter the manifest and its digest. */
    Map<String, Object> canonicalForm() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("huMin", huMin);
        form.put("huMax", huMax);
        // String keys: that is how JSON stores them, so a manifest read back hashes to the same digest.
        Map<String, Integer> map = new TreeMap<>();
        labelMap.forEach((raw, mapped) -> map.put(Integer.toString(raw), mapped));
        form.put("labelMap", map);
        form.put("valCases", valCases);
        form.put("testCases", testCases);
        form.put("splitSeed", splitSeed);
        form.put("referenceSplit", referenceSplit);
        // Only when there are folds, so a dataset without them keeps the digest it had before folds existed.
        if (folds > 0) {
            form.put("folds", folds);
        }
        // Names enter the description in the manifest, so they are not repeated here.
        return form;
    }
}
