package org.selfreg.dataprep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The input layouts {@link Preprocessor} accepts, and how to recognise each on disk. */
public enum InputLayout {

    /** Raw BTCV / Synapse: {@code img/imgNNNN.nii.gz} with {@code label/labelNNNN.nii.gz} (13 organ ids). */
    BTCV("img/imgNNNN.nii[.gz] + label/labelNNNN.nii[.gz]"),
    /**
     * TransUNet's preprocessed Synapse data used as is: {@code train_npz/*.npz}, {@code test_vol_h5/*.npy.h5} and
     * {@code lists/lists_Synapse/} or {@code lists/} with {@code train.txt} and {@code test_vol.txt}.
     */
    TRANSUNET("train_npz/*.npz + test_vol_h5/*.npy.h5 + lists[/lists_Synapse]/{train,test_vol}.txt"),
    /** Any NIfTI pairs: {@code images/<name>.nii[.gz]} with {@code labels/<name>.nii[.gz]} and a user label map. */
    NIFTI("images/<name>.nii[.gz] + labels/<name>.nii[.gz]"),
    /**
     * 2-D images in UCTransNet's folders (GlaS, MoNuSeg): {@code {Train_Folder,Val_Folder,Test_Folder}/img/<stem>.png}
     * (or {@code .tif}, {@code .tiff}, {@code .bmp}) with {@code labelcol/<stem>.png}; {@code Val_Folder} optional.
     */
    IMAGE_FOLDERS("{Train_Folder,[Val_Folder,]Test_Folder}/{img/<stem>.png|tif|bmp, labelcol/<stem>.png}"),
    /**
     * The GlaS contest's own files: one folder of {@code train_NN.bmp}, {@code testA_NN.bmp}, {@code testB_NN.bmp}
     * with {@code <stem>_anno.bmp} beside each ({@code Grade.csv} may be there and is ignored).
     */
    GLAS_BMP("train_NN.bmp + train_NN_anno.bmp, testA_NN.bmp / testB_NN.bmp + _anno.bmp in one folder"),
    /**
     * ACDC cardiac MRI as the challenge distributes it: {@code [training/]patientNNN/Info.cfg} naming the ED and ES
     * frames, with {@code patientNNN_frameXX.nii.gz} and {@code patientNNN_frameXX_gt.nii.gz} for each.
     */
    ACDC("[training/]patientNNN/Info.cfg + patientNNN_frameXX.nii[.gz] + patientNNN_frameXX_gt.nii[.gz]"),
    /**
     * MT-UNet's preprocessed ACDC archive, the one SelfReg's {@code src/train_acdc} reads: {@code train/} and
     * {@code valid/} slices, {@code test/} volumes and {@code lists_ACDC/{train,valid,test}.txt}.
     */
    ACDC_NPZ("train/*.npz + valid/*.npz + test/*.npz + lists_ACDC/{train,valid,test}.txt");

    private final String expects;

    InputLayout(String expects) {
        this.expects = expects;
    }

    /**
     * The lower-case name used in task inputs and manifests ({@code btcv}, {@code transunet}, {@code nifti},
     * {@code image-folders}, {@code glas-bmp}, {@code acdc}, {@code acdc-npz}).
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this layout holds 2-D images prepared by {@link ImageDatasetImport} rather than CT or MR volumes. */
    public boolean images() {
        return this == IMAGE_FOLDERS || this == GLAS_BMP;
    }

    /** Whether this is one of the two forms of ACDC, whose intensities are MR (no HU window) and labels fixed. */
    public boolean isAcdc() {
        return this == ACDC || this == ACDC_NPZ;
    }

    /** What this layout looks like on disk, for error messages. */
    public String expects() {
        return expects;
    }

    /**
     * The layout called {@code id}.
     *
     * @throws InvalidInputException naming the known layouts when {@code id} is none of them
     */
    public static InputLayout named(String id) {
        for (InputLayout layout : values()) {
            if (layout.id().equals(id)) {
                return layout;
            }
        }
        throw new InvalidInputException("unknown input layout '" + id + "'; use one of "
                + Arrays.stream(values()).map(InputLayout::id).toList());
    }

    /**
     * Recognises the layout of {@code dir} by its folders.
     *
     * @throws InvalidInputException listing every layout looked for when none (or the folder itself) is there
     */
    public static InputLayout detect(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + " is not a readable folder; check the dataset path");
        }
        if (Files.isDirectory(dir.resolve("img")) && Files.isDirectory(dir.resolve("label"))) {
            return BTCV;
        }
        if (Files.isDirectory(dir.resolve("train_npz")) && Files.isDirectory(dir.resolve("test_vol_h5"))) {
            return TRANSUNET;
        }
        if (Files.isDirectory(dir.resolve("images")) && Files.isDirectory(dir.resolve("labels"))) {
            return NIFTI;
        }
        if (ImageDatasetImport.isImageFolders(dir)) {
            return IMAGE_FOLDERS;
        }
        if (ImageDatasetImport.isGlasContest(dir)) {
            return GLAS_BMP;
        }
        if (AcdcPatients.looksLikeAcdc(dir)) {
            return ACDC;
        }
        if (Files.isDirectory(dir.resolve(AcdcNpzImport.LIST_DIR)) && Files.isDirectory(dir.resolve("train"))) {
            return ACDC_NPZ;
        }
        StringBuilder looked = new StringBuilder();
        for (InputLayout layout : values()) {
            looked.append("\n  ").append(layout.id()).append(": ").append(layout.expects);
        }
        throw new InvalidInputException(dir + " matches no known input layout; looked for:" + looked
                + "\nrearrange the folder or name the layout explicitly");
    }
}
