package org.selfreg.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.dataprep.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What makes the files of one checkpoint one unit: {@code <name>.manifest.json}, written after the files it names (on
 * disk and in S3). A checkpoint without it, or whose files do not match it, is torn and must not be resumed from.
 *
 * @param formatVersion   the checkpoint layout ({@link CheckpointInfo#FORMAT_VERSION})
 * @param epochsCompleted the epoch its sidecar must state, so that weights and counter cannot come from two epochs
 * @param files           each file of the checkpoint, sidecar included
 */
public record CheckpointManifest(int formatVersion, int epochsCompleted, List<Entry> files) {

    private static final String SUFFIX = ".manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One file of a checkpoint.
     *
     * @param name   a plain file name beside the manifest
     * @param sha256 hex SHA-256 of its bytes
     * @param size   its length in bytes
     */
    public record Entry(String name, String sha256, long size) {
    }

    public CheckpointManifest {
        files = List.copyOf(files);
    }

    /** The manifest file of checkpoint {@code name} in {@code dir}. */
    public static Path file(Path dir, String name) {
        return dir.resolve(name + SUFFIX);
    }

    /**
     * Parses a manifest, e.g. one downloaded from S3; every file name must be a plain name, since it becomes a path.
     *
     * @param source where the bytes come from, for the message
     * @throws InvalidInputException if the bytes are not a manifest or name a file outside its folder
     */
    public static CheckpointManifest parse(byte[] json, String source) {
        CheckpointManifest manifest;
        try {
            manifest = JSON.readValue(json, CheckpointManifest.class);
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint manifest " + source + " is not valid (" + e.getMessage()
                    + "); delete it so that the previous checkpoint is used", e);
        }
        manifest.files().forEach(f -> SafeNames.name(f.name(), "a file name in checkpoint manifest " + source));
        return manifest;
    }

    /** The manifest of checkpoint {@code name} in {@code dir}, if there is one. */
    public static Optional<CheckpointManifest> read(Path dir, String name) {
        Path file = file(dir, name);
        try {
            return Optional.of(parse(Files.readAllBytes(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes {@code <name>.manifest.json} into {@code dir} atomically: it appears whole or not at all. */
    void write(Path dir, String name) {
        Path target = file(dir, name);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint manifest " + target, e);
        }
    }

    /**
     * Why checkpoint {@code name} in {@code dir} cannot be used (no manifest, a file missing or different from the one
     * the manifest names, a sidecar of another epoch), or empty when it is whole.
     */
    public static Optional<String> problem(Path dir, String name) {
        try {
            return read(dir, name).map(manifest -> manifest.mismatchIn(dir, name)).orElseGet(() -> Optional.of(
                    "it has no " + file(dir, name).getFileName() + " (the save or upload did not finish)"));
        } catch (InvalidInputException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** What in {@code dir} differs from this manifest of checkpoint {@code name}. */
    private Optional<String> mismatchIn(Path dir, String name) {
        for (Entry entry : files) {
            Path file = dir.resolve(entry.name());
            if (!Files.isRegularFile(file)) {
                return Optional.of(file + " is missing");
            }
            if (sizeOf(file) != entry.size() || !Sha256.of(file).equals(entry.sha256())) {
                return Optional.of(file + " is not the file its manifest names (another epoch's, or cut short)");
            }
        }
        int sidecarEpoch = Checkpoint.readInfo(Checkpoint.paramsFile(dir, name)).epochsCompleted();
        if (sidecarEpoch != epochsCompleted) {
            return Optional.of("its sidecar is of epoch " + sidecarEpoch + " but its manifest of epoch "
                    + epochsCompleted);
        }
        return Optional.empty();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
