package org.selfreg.dataprep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One patient of ACDC's distributed layout with the two frames that have ground truth: end-diastole (ED) and
 * end-systole (ES), as its {@code Info.cfg} names them. Each frame becomes one case, {@code patientNNN_ED} and
 * {@code patientNNN_ES}: the distributed patient id with the cardiac phase, which stays a plain name and says where the
 * case came from (the cine {@code patientNNN_4d.nii.gz} has no ground truth and is not read).
 *
 * @param id     {@code patientNNN}
 * @param frames the ED frame, then the ES frame
 */
record AcdcPatient(String id, List<Frame> frames) {

    /**
     * One annotated frame.
     *
     * @param caseName {@code patientNNN_ED} or {@code patientNNN_ES}
     * @param image    {@code patientNNN_frameXX.nii[.gz]}
     * @param label    {@code patientNNN_frameXX_gt.nii[.gz]} on the image's grid
     */
    record Frame(String caseName, Path image, Path label) {
    }

    /**
     * The patient in {@code dir}, its frames resolved from {@code Info.cfg}.
     *
     * @throws InvalidInputException naming the file when Info.cfg lacks ED or ES, or a frame or its {@code _gt} is
     *                               missing
     */
    static AcdcPatient read(Path dir) {
        String id = dir.getFileName().toString();
        AcdcInfo info = AcdcInfo.read(dir.resolve(AcdcInfo.FILE_NAME));
        return new AcdcPatient(id, List.of(frame(dir, id, "ED", info.edFrame()), frame(dir, id, "ES", info.esFrame())));
    }

    private static Frame frame(Path dir, String id, String phase, int number) {
        String stem = String.format("%s_frame%02d", id, number);
        Path image = nifti(dir, stem);
        if (image == null) {
            throw new InvalidInputException(dir.resolve(AcdcInfo.FILE_NAME) + " names " + phase + " frame " + number
                    + " but " + dir.resolve(stem + ".nii.gz") + " does not exist; restore the frame or fix Info.cfg");
        }
        Path label = nifti(dir, stem + "_gt");
        if (label == null) {
            throw new InvalidInputException(image + " has no ground truth " + dir.resolve(stem + "_gt.nii.gz")
                    + "; ACDC's ED and ES frames each come with one, restore it");
        }
        return new Frame(id + "_" + phase, image, label);
    }

    private static Path nifti(Path dir, String stem) {
        for (String suffix : List.of(".nii.gz", ".nii")) {
            if (Files.isRegularFile(dir.resolve(stem + suffix))) {
                return dir.resolve(stem + suffix);
            }
        }
        return null;
    }
}
