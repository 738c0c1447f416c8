package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the patients of ACDC's distributed layout: {@code patientNNN/} folders in {@code training/} (as the challenge's
 * archive unpacks) or directly in the given folder. The challenge's {@code testing/} patients are not read.
 */
final class AcdcPatients {

    private static final Pattern PATIENT = Pattern.compile("patient\\d{3}");

    private AcdcPatients() {
    }

    /** Whether {@code dir} holds ACDC patient folders with an {@code Info.cfg}. */
    static boolean looksLikeAcdc(Path dir) {
        return patientDirs(patientsDir(dir)).stream().anyMatch(p -> Files.isRegularFile(p.resolve(AcdcInfo.FILE_NAME)));
    }

    /**
     * Every patient under {@code root}, sorted by id, with its frames resolved.
     *
     * @throws InvalidInputException if there is no patient folder, or one patient's files are incomplete
     */
    static List<AcdcPatient> discover(Path root) {
        Path dir = patientsDir(root);
        List<Path> dirs = patientDirs(dir);
        if (dirs.isEmpty()) {
            throw new InvalidInputException(dir + " holds no patientNNN folders; expected the acdc layout "
                    + InputLayout.ACDC.expects());
        }
        return dirs.stream().map(AcdcPatient::read).toList();
    }

    private static Path patientsDir(Path root) {
        Path training = root.resolve("training");
        return Files.isDirectory(training) ? training : root;
    }

    private static List<Path> patientDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> PATIENT.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
