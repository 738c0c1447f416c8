package org.selfreg.dataprep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;

/**
 * Prepares ACDC as the challenge distributes it ({@link InputLayout#ACDC}): each annotated frame is one case, scaled
 * by {@link AcdcIntensities} with its labels 0..3 kept. Training cases become slices along z at their native in-plane
 * size (the trainer zooms them to its input size, as SelfReg's {@code RandomGenerator} does); validation and test cases
 * become volumes with the frame's NIfTI affine and spacing. Validation is scored on volumes, so a validation case
 * writes no slices.
 */
final class AcdcRawImport {

    /** What the manifest records about this layout: its normalisation is ours, so it enters the dataset digest. */
    static final Map<String, Object> MANIFEST_NOTES = Map.of(
            "intensity", AcdcIntensities.RULE,
            "cases", "patientNNN_ED and patientNNN_ES: the frames Info.cfg names; labels 0..3 kept as they are",
            "geometry", "each frame's NIfTI affine and spacing");

    private final DatasetFiles files;

    AcdcRawImport(DatasetFiles files) {
        this.files = files;
    }

    /** One job per frame that the split uses. */
    List<CaseJob> jobs(List<AcdcPatient> patients, CaseSplit split) {
        List<CaseJob> jobs = new ArrayList<>();
        for (AcdcPatient patient : patients) {
            for (AcdcPatient.Frame frame : patient.frames()) {
                String role = split.roleOf(frame.caseName());
                if (role != null) {
                    jobs.add(new CaseJob(frame.caseName(), writers -> write(frame, role)));
                }
            }
        }
        return jobs;
    }

    private List<ManifestEntry> write(AcdcPatient.Frame frame, String role) {
        TestVolume volume = read(frame);
        if (!role.equals("train")) {
            return List.of(files.writeVolume(volume, role));
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (int z = 0; z < volume.depth(); z++) {
            entries.add(files.writeSlice(DatasetFiles.sliceName(volume.caseName(), z, volume.depth()),
                    volume.caseName(), role, volume.height(), volume.width(), volume.image(), volume.label(),
                    z * volume.planeSize(), volume.spacing()));
        }
        return entries;
    }

    /**
     * The frame as a volume (D, H, W) = (NIfTI z, y, x).
     *
     * @throws InvalidInputException if a file is not a 3-D NIfTI, the ground truth's grid differs from the frame's, or
     *                               a label is not 0..3
     */
    static TestVolume read(AcdcPatient.Frame frame) {
        NiftiVolume image = NiftiReader.read(frame.image());
        NiftiVolume label = NiftiReader.read(frame.label());
        if (image.nx() != label.nx() || image.ny() != label.ny() || image.nz() != label.nz()) {
            throw new InvalidInputException(frame.label() + " is " + label.nx() + "x" + label.ny() + "x" + label.nz()
                    + " but its frame " + frame.image().getFileName() + " is " + image.nx() + "x" + image.ny() + "x"
                    + image.nz() + "; the ground truth must share the frame's voxel grid");
        }
        return new TestVolume(frame.caseName(), image.nz(), image.ny(), image.nx(),
                AcdcIntensities.normalise(frame.image(), image.data()),
                AcdcLabels.classIds(frame.label(), label.data()), image.affine(), image.spacing());
    }
}
