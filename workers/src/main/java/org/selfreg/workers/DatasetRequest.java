package org.selfreg.workers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.ImagePrepConfig;
import org.selfreg.dataprep.InputDigest;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.LabelMaps;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

/**
 * The {@code dataset} input of a sweep, read and checked without touching any file, so that a sweep file with a bad
 * dataset section fails on the command line, before any server starts.
 *
 * <p>{@code source: synthetic} generates Synapse-like volumes from a seed ({@code cases}, {@code size},
 * {@code minSlices}, {@code maxSlices}, {@code seed}); {@code source: raw} reads {@code path}, a local folder or an
 * {@code s3://} prefix, in {@code layout} {@code btcv}, {@code transunet}, {@code nifti}, {@code acdc} or
 * {@code acdc-npz} (detected when absent).
 * Both take the preprocessing keys: {@code huMin}/{@code huMax} (the Synapse window by default), {@code labelMap} (raw
 * id to class id; required by {@code nifti}), {@code referenceSplit} (TransUNet's published split) or a seeded split of
 * {@code valCases}, {@code testCases} and {@code splitSeed}, or {@code folds: k}: k seeded cross-validation folds of
 * the non-test cases instead of {@code valCases}, prepared once, a trial's {@code fold} picking its validation cases.
 * The ACDC layouts take only the split keys, as {@link #config(InputLayout)} says, and no folds.
 *
 * <p>{@code source: raw} with a 2-D image layout ({@code image-folders}, {@code glas-bmp}: GlaS, MoNuSeg) takes the
 * image keys instead: {@code size} (224), {@code valImages} (held out of training without a {@code Val_Folder}; 10 %
 * by default), {@code splitSeed}, {@code name} and {@code folds} (image-level, instead of {@code valImages}).
 * Without {@code layout}, an image key makes the input an image input; a CT key given for an image layout, or an
 * image key for a CT layout, is an error.
 */
public final class DatasetRequest {

    public static final String SYNTHETIC = "synthetic";
    public static final String RAW = "raw";

    private static final List<String> PREPROCESSING = List.of("huMin", "huMax", "labelMap", "referenceSplit",
            "valCases", "testCases", "splitSeed", "folds", "name", "classNames");
    /** Keys that CT and image inputs share: they do not say which kind an input without a layout is. */
    private static final List<String> SHARED_KEYS = List.of("splitSeed", "name", "folds");
    private static final Map<String, List<String>> KEYS_BY_SOURCE = Map.of(
            SYNTHETIC, List.of("cases", "size", "minSlices", "maxSlices", "seed"),
            RAW, List.of("path", "layout"));
    /** Keys of {@code source: raw} with an image layout, besides {@code path} and {@code layout}. */
    private static final List<String> IMAGE_KEYS = List.of("size", "valImages", "splitSeed", "name", "folds");

    private final TaskInput dataset;
    private final String source;

    private DatasetRequest(TaskInput dataset, String source) {
        this.dataset = dataset;
        this.source = source;
    }

    /**
     * Reads a dataset input and checks every key and value that can be checked without its files.
     *
     * @throws InvalidInputException naming the key, where it was found and what to do
     */
    public static DatasetRequest of(TaskInput dataset) {
        String source = dataset.string("source");
        if (!KEYS_BY_SOURCE.containsKey(source)) {
            throw dataset.invalid("source", "must be '" + SYNTHETIC + "' or '" + RAW + "', got '" + source + "'");
        }
        DatasetRequest request = new DatasetRequest(dataset, source);
        if (request.isImages()) {
            request.imageConfig();
            return request;
        }
        request.refuseImageKeys(request.layout().orElse(InputLayout.BTCV));
        dataset.requireOnly(Stream.of(List.of("source"), PREPROCESSING, KEYS_BY_SOURCE.get(source))
                .flatMap(List::stream).collect(Collectors.toSet()));
        if (request.isSynthetic()) {
            request.requireSyntheticSplitFits(request.syntheticSpec(), request.config(InputLayout.BTCV));
        } else {
            request.path();
            // Without a layout the files decide it later; the window and split are checked with BTCV's label map.
            request.config(request.layout().orElse(InputLayout.BTCV));
        }
        return request;
    }

    public boolean isSynthetic() {
        return source.equals(SYNTHETIC);
    }

    /** The input as given, for the task that prepares it. */
    public TaskInput input() {
        return dataset;
    }

    /** The raw data's location (a local folder or an {@code s3://} prefix); only for {@code source: raw}. */
    public String path() {
        return dataset.string("path");
    }

    /** The layout the input names, if it names one (otherwise it is detected from the files). */
    public Optional<InputLayout> layout() {
        return isSynthetic() ? Optional.of(InputLayout.BTCV)
                : dataset.has("layout") ? Optional.of(InputLayout.named(dataset.string("layout")))
                : Optional.empty();
    }

    /**
     * Whether this is a {@code source: raw} input of 2-D images: its layout is an image layout or, without one, it
     * gives an image key ({@code size}, {@code valImages}, {@code name}).
     */
    public boolean isImages() {
        return !isSynthetic() && layout().map(InputLayout::images)
                .orElseGet(() -> IMAGE_KEYS.stream().anyMatch(k -> !SHARED_KEYS.contains(k) && dataset.has(k)));
    }

    /**
     * The preparation an image input asks for, with UCTransNet's defaults.
     *
     * @throws InvalidInputException on a CT key (the input's layout, or the one detected, holds images) or a bad value
     */
    public ImagePrepConfig imageConfig() {
        for (String key : PREPROCESSING) {
            if (!IMAGE_KEYS.contains(key) && dataset.has(key)) {
                throw dataset.invalid(key, "is a CT key, but the dataset is in a 2-D image layout (image-folders, "
                        + "glas-bmp), which takes " + IMAGE_KEYS + "; remove it");
            }
        }
        dataset.requireOnly(Stream.of(List.of("source"), KEYS_BY_SOURCE.get(RAW), IMAGE_KEYS)
                .flatMap(List::stream).collect(Collectors.toSet()));
        ImagePrepConfig defaults = ImagePrepConfig.uctransnetDefaults();
        return checked(() -> new ImagePrepConfig(dataset.integer("size", defaults.size()),
                dataset.integer("valImages", defaults.valImages()), dataset.longValue("splitSeed", defaults.splitSeed()),
                dataset.has("name") ? dataset.string("name") : defaults.name()).withFolds(folds("valImages")));
    }

    /** The synthetic volumes that a {@code source: synthetic} input asks for. */
    public SyntheticSpec syntheticSpec() {
        return checked(() -> new SyntheticSpec(dataset.integer("cases", 12), dataset.integer("size", 64),
                dataset.integer("minSlices", 24), dataset.integer("maxSlices", 40), dataset.longValue("seed", 1234)));
    }

    /**
     * The digest of raw data in {@code dir} in {@code layout} with the preprocessing this input asks for (the image
     * config for a 2-D layout), which names the prepared dataset before it is prepared.
     */
    public String inputDigest(Path dir, InputLayout layout) {
        return layout.images() ? InputDigest.of(dir, layout, imageConfig()) : InputDigest.of(dir, layout, config(layout));
    }

    /** The preprocessing the input asks for: window, label map and split, with the Synapse defaults. */
    public PreprocessConfig config(InputLayout layout) {
        refuseImageKeys(layout);
        if (layout.isAcdc()) {
            return acdcConfig(layout);
        }
        PreprocessConfig defaults = PreprocessConfig.synapseDefaults();
        double huMin = dataset.number("huMin", defaults.huMin());
        double huMax = dataset.number("huMax", defaults.huMax());
        Map<Integer, Integer> labelMap;
        if (dataset.has("labelMap")) {
            labelMap = LabelMaps.of(dataset.map("labelMap"), "dataset.labelMap");
        } else if (layout == InputLayout.NIFTI) {
            throw dataset.invalid("labelMap", "is missing: the nifti layout needs a map of raw label id to class id,"
                    + " e.g. {\"1\": 1, \"2\": 2}");
        } else {
            labelMap = layout == InputLayout.TRANSUNET ? PreprocessConfig.SYNAPSE_IDENTITY
                    : PreprocessConfig.BTCV_TO_SYNAPSE;
        }
        String name = dataset.has("name") ? dataset.string("name") : "";
        List<String> classNames = classNames();
        if (dataset.flag("referenceSplit", false)) {
            return checked(() -> new PreprocessConfig(huMin, huMax, labelMap, 0,
                    PreprocessConfig.synapseReference().testCases(), 0, true).withFolds(folds("valCases"))
                    .withNames(name, classNames));
        }
        return checked(() -> new PreprocessConfig(huMin, huMax, labelMap,
                dataset.integer("valCases", defaults.valCases()), dataset.integer("testCases", defaults.testCases()),
                dataset.longValue("splitSeed", defaults.splitSeed())).withFolds(folds("valCases"))
                .withNames(name, classNames));
    }

    /**
     * The dataset's class names, background first, which reports and MLflow metric names use; empty when the input
     * gives none (Synapse's organs for a Synapse label map, {@code class N} otherwise).
     */
    private List<String> classNames() {
        if (!dataset.has("classNames")) {
            return List.of();
        }
        if (!(dataset.values().get("classNames") instanceof List<?> names)
                || !names.stream().allMatch(n -> n instanceof String)) {
            throw dataset.invalid("classNames", "must be a list of names, background first, e.g. [background,"
                    + " spleen, liver]");
        }
        return names.stream().map(String.class::cast).toList();
    }

    /**
     * The number of cross-validation folds asked for (0: none).
     *
     * @param holdOutKey the key of the validation hold-out that folds replace, refused beside them
     */
    private int folds(String holdOutKey) {
        int folds = dataset.integer("folds", 0);
        if (folds < 0 || folds == 1) {
            throw dataset.invalid("folds", "must be a whole number of at least 2 (or 0 for none), got " + folds);
        }
        if (folds > 0 && dataset.has(holdOutKey)) {
            throw dataset.invalid(holdOutKey, "cannot be given with folds: each fold's cases are its validation"
                    + " cases; remove " + holdOutKey);
        }
        return folds;
    }

    /** An image key in a raw CT input is an error that says so, rather than an unknown key. */
    private void refuseImageKeys(InputLayout layout) {
        for (String key : IMAGE_KEYS) {
            if (!isSynthetic() && !PREPROCESSING.contains(key) && dataset.has(key)) {
                throw dataset.invalid(key, "is an image key, but the dataset is in the CT layout " + layout.id()
                        + ", which takes " + PREPROCESSING + "; remove it");
            }
        }
    }

    /**
     * ACDC's preprocessing: MR has no HU window (each volume is normalised by its own percentiles) and its labels 0..3
     * are kept, so {@code huMin}, {@code huMax} and {@code labelMap} are refused. The distributed layout takes
     * {@code referenceSplit} (MT-UNet's 70/10/20 patient split) or a seeded split counting patients; the
     * {@code acdc-npz} archive's lists fix its split, so it takes no split key.
     */
    private PreprocessConfig acdcConfig(InputLayout layout) {
        for (String key : List.of("huMin", "huMax")) {
            if (dataset.has(key)) {
                throw dataset.invalid(key, "does not apply to layout " + layout.id() + ": ACDC is MR, which has no HU"
                        + " window (each volume is normalised by its own intensity percentiles); remove it");
            }
        }
        if (dataset.has("folds")) {
            // A case is one frame of a patient: case-level folds would put a patient's two frames on both sides.
            throw dataset.invalid("folds", "does not apply to layout " + layout.id() + ": folds of ACDC's patients"
                    + " are not made; remove it and use valCases");
        }
        for (String key : List.of("name", "classNames")) {
            if (dataset.has(key)) {
                throw dataset.invalid(key, "does not apply to layout " + layout.id() + ": the dataset is ACDC, with its"
                        + " classes " + DatasetDescription.ACDC_CLASSES + "; remove it");
            }
        }
        if (dataset.has("labelMap")) {
            throw dataset.invalid("labelMap", "does not apply to layout " + layout.id() + ": ACDC's labels 0"
                    + " background, 1 right ventricle, 2 myocardium, 3 left ventricle are kept as they are; remove it");
        }
        PreprocessConfig defaults = PreprocessConfig.acdcDefaults();
        if (layout == InputLayout.ACDC_NPZ) {
            for (String key : List.of("referenceSplit", "valCases", "testCases", "splitSeed")) {
                if (dataset.has(key)) {
                    throw dataset.invalid(key, "does not apply to layout acdc-npz: the archive's lists_ACDC"
                            + " (MT-UNet's split) fix train, valid and test; remove it");
                }
            }
            return defaults;
        }
        if (dataset.flag("referenceSplit", false)) {
            return PreprocessConfig.acdcReference();
        }
        return checked(() -> defaults.withSplit(dataset.integer("valCases", defaults.valCases()),
                dataset.integer("testCases", defaults.testCases()), dataset.longValue("splitSeed",
                        defaults.splitSeed())));
    }

    /**
     * A generated dataset must leave cases to train on, and TransUNet's published split names BTCV cases
     * (0001-0010, 0021-0040) that the generator's consecutive ids do not all have.
     */
    private void requireSyntheticSplitFits(SyntheticSpec spec, PreprocessConfig config) {
        if (config.referenceSplit()) {
            throw dataset.invalid("referenceSplit", "cannot be used with source: synthetic (the published split"
                    + " names BTCV cases the generated ids do not have); give valCases and testCases instead");
        }
        if (config.folds() > spec.cases() - config.testCases()) {
            throw dataset.invalid("folds", "is " + config.folds() + ", more than the " + (spec.cases()
                    - config.testCases()) + " cases left after " + config.testCases() + " test cases; lower it");
        }
        if (config.valCases() + config.testCases() >= spec.cases()) {
            throw dataset.invalid("cases", "is " + spec.cases() + ", which leaves no training case after "
                    + config.valCases() + " validation and " + config.testCases() + " test cases; raise it");
        }
    }

    /** Turns a value check of a data-prep record into an input error that says where the value came from. */
    private <T> T checked(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw dataset.invalid("is not valid: " + e.getMessage());
        }
    }
}
