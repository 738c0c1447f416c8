package org.selfreg.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.selfreg.dataprep.FileTrees;

/**
 * A hidden folder beside an output folder where results are written first, so that a run that fails leaves nothing
 * partial in the output: only when everything succeeded are its entries moved into place.
 */
public final class StagingFolder {

    private StagingFolder() {
    }

    /** A new empty staging folder beside {@code outputDir} (an absolute path), on the same file system. */
    public static Path beside(Path outputDir) {
        try {
            Path parent = outputDir.getParent();
            Files.createDirectories(parent);
            // Same parent, so the final moves are renames on one file system.
            return Files.createTempDirectory(parent, "." + outputDir.getFileName() + "-staging-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory beside " + outputDir, e);
        }
    }

    /** Moves every entry of {@code staging} into {@code outputDir}, replacing earlier results of the same name. */
    public static void publish(Path staging, Path outputDir) {
        try {
            Files.createDirectories(outputDir);
            try (Stream<Path> entries = Files.list(staging)) {
                for (Path entry : entries.toList()) {
                    Path target = outputDir.resolve(entry.getFileName().toString());
                    FileTrees.deleteRecursively(target);
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move results from " + staging + " into " + outputDir, e);
        }
    }
}
