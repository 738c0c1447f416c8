package org.selfreg.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.optim.ScheduledOptimizer;
import org.selfreg.model.unet.TorchWeights;
import org.selfreg.model.unet.UNet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoint files: {@code <name>.params} (DJL parameters, BN running statistics included), {@code <name>.json}
 * ({@link CheckpointInfo}), {@code <name>.optimizer.npz} (optimizer state buffers, keyed
 * {@code <parameter name>#<state name>}) and {@code <name>.manifest.json} ({@link CheckpointManifest}), which makes
 * them one unit.
 *
 * <p>A save first keeps the whole checkpoint it replaces as {@code previous/<name>.*} (hard links) and moves its
 * manifest there last; then it writes the new files, each to a temporary name moved into place, and the new manifest
 * last. A run killed at any point leaves a whole checkpoint: the new one, or the previous one beside a torn one, which
 * {@link #whole} tells apart. The invariant that makes the promotion cheap: a manifest is only ever present beside the
 * files it names, because it goes before any of them is replaced (the resume path still checks every byte).
 */
public final class Checkpoint {

    /** Name of the checkpoint rewritten after every epoch. */
    public static final String LAST = "last";
    /** Name of the checkpoint with the best validation Dice (the last one when there is no validation split). */
    public static final String BEST = "best";

    /** The folder that keeps the generation a save replaces, until the new one is whole. */
    public static final String PREVIOUS = "previous";

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final String PARAMS = ".params";
    private static final String SIDECAR = ".json";
    private static final String OPTIMIZER = ".optimizer.npz";
    private static final String STATE_SEPARATOR = "#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    /** The weights file of checkpoint {@code name} in {@code dir}. */
    public static Path paramsFile(Path dir, String name) {
        return dir.resolve(name + PARAMS);
    }

    /** Writes a checkpoint and returns its weights file; {@code optimizer} is null for weights not trained here. */
    static Path save(Path dir, String name, Block block, ScheduledOptimizer optimizer, CheckpointInfo info) {
        Path params = paramsFile(dir, name);
        try {
            Files.createDirectories(dir);
            keepAsPrevious(dir, name);
            List<CheckpointManifest.Entry> files = List.of(
                    writeAtomically(params, out -> block.saveParameters(new DataOutputStream(out))),
                    writeAtomically(sibling(params, OPTIMIZER),
                            out -> stateBuffers(block, optimizer).encode(out, NDList.Encoding.NPZ)),
                    writeAtomically(sibling(params, SIDECAR),
                            out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, info)));
            new CheckpointManifest(info.formatVersion(), info.epochsCompleted(), files).write(dir, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + params + ": " + e.getMessage(), e);
        }
        return params;
    }

    /**
     * The weights file of the newest whole checkpoint {@code name} in {@code dir}: the current one, else the previous
     * generation (a save, upload or download that did not finish tore the current one; the log says so), else none.
     */
    public static Optional<Path> whole(Path dir, String name) {
        Optional<String> torn = CheckpointManifest.problem(dir, name);
        if (torn.isEmpty()) {
            return Optional.of(paramsFile(dir, name));
        }
        Path previous = dir.resolve(PREVIOUS);
        Optional<String> previousTorn = CheckpointManifest.problem(previous, name);
        if (previousTorn.isEmpty()) {
            LOG.warn("Checkpoint '{}' in {} is torn and is ignored: {}; using the previous whole one, of epoch {}",
                    name, dir, torn.get(), readInfo(paramsFile(previous, name)).epochsCompleted());
            return Optional.of(paramsFile(previous, name));
        }
        if (Files.exists(paramsFile(dir, name)) || Files.exists(previous)) {
            LOG.warn("Checkpoint '{}' in {} is torn and is ignored: {}; and its previous generation too: {}", name, dir,
                    torn.get(), previousTorn.get());
        }
        return Optional.empty();
    }

    /**
     * Keeps the current checkpoint {@code name}, if it has a manifest (so is whole), as {@code previous/<name>.*}:
     * hard links to its files (no bytes copied), then its manifest moved there. A current one without manifest is
     * torn already, and the previous generation it would replace stays as it is.
     */
    private static void keepAsPrevious(Path dir, String name) throws IOException {
        Optional<CheckpointManifest> current = CheckpointManifest.read(dir, name);
        if (current.isEmpty()) {
            return;
        }
        Path previous = Files.createDirectories(dir.resolve(PREVIOUS));
        Files.deleteIfExists(CheckpointManifest.file(previous, name));
        for (CheckpointManifest.Entry file : current.get().files()) {
            Path link = previous.resolve(file.name());
            Files.deleteIfExists(link);
            try {
                Files.createLink(link, dir.resolve(file.name()));
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                Files.copy(dir.resolve(file.name()), link);
            }
        }
        Files.move(CheckpointManifest.file(dir, name), CheckpointManifest.file(previous, name),
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Turns converted PyTorch UNet_hd weights (see {@link TorchWeights}) into a {@link #BEST} checkpoint in {@code dir}
     * that {@link TrainedModel#load} and the evaluation read like a trained one; the sidecar says where the weights
     * came from ({@link CheckpointInfo.Selection#CONVERTED_FROM_TORCH}).
     *
     * @param config the network the weights belong to (backbone {@code unet}, classes, base width, image size)
     * @return the checkpoint's weights file
     */
    public static Path fromTorch(Path npz, TrainConfig config, Path dir) {
        if (!(Backbones.create(config) instanceof UNet unet)) {
            throw new InvalidInputException("torch weights can only be converted for the " + Backbones.UNET
                    + " backbone, not " + config.backbone() + "; set TrainConfig.backbone to " + Backbones.UNET);
        }
        Device device = RuntimeInfo.preferredDevice();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            initializeForLoading(unet, manager, TrainingSession.inputShape(config, 1));
            TorchWeights.loadInto(unet, npz);
            CheckpointInfo info = new CheckpointInfo(CheckpointInfo.FORMAT_VERSION, config, 0, RuntimeInfo.of(device),
                    0, new RunRandom(config.seed()).state(), List.of(), CheckpointInfo.Selection.CONVERTED_FROM_TORCH);
            return save(dir, BEST, unet, null, info);
        }
    }

    /** Reads the sidecar of a weights file. */
    public static CheckpointInfo readInfo(Path paramsFile) {
        Path sidecar = sibling(paramsFile, SIDECAR);
        if (!Files.isRegularFile(paramsFile) || !Files.isRegularFile(sidecar)) {
            throw new InvalidInputException("checkpoint " + paramsFile + " is incomplete: it needs the weights file and "
                    + sidecar.getFileName() + " beside it; pass the .params file that training wrote");
        }
        CheckpointInfo info;
        try {
            info = JSON.readValue(sidecar.toFile(), CheckpointInfo.class);
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint sidecar " + sidecar + " is not valid: " + e.getMessage(), e);
        }
        if (info.formatVersion() < CheckpointInfo.OLDEST_READABLE_FORMAT
                || info.formatVersion() > CheckpointInfo.FORMAT_VERSION) {
            throw new InvalidInputException("checkpoint " + sidecar + " has format " + info.formatVersion()
                    + " but this build reads formats " + CheckpointInfo.OLDEST_READABLE_FORMAT + " to "
                    + CheckpointInfo.FORMAT_VERSION + "; retrain or use a matching build");
        }
        return info;
    }

    /**
     * Initialises a block whose weights are about to be overwritten by loading. Zeros rather than its initialisers: those
     * draw from libtorch's one global generator, and a draw here while a training session on another thread seeds it
     * and initialises would change that session's weights (a trial's result depended on whether an evaluation was
     * loading a model beside it).
     */
    static void initializeForLoading(Block block, NDManager manager, Shape inputShape) {
        block.setInitializer(Initializer.ZEROS, parameter -> true);
        block.initialize(manager, DataType.FLOAT32, inputShape);
    }

    /** Loads weights (and BN statistics) into a block of the same architecture, initialised for loading. */
    static void loadWeights(Path paramsFile, Block block, NDManager manager) {
        try (InputStream in = Files.newInputStream(paramsFile)) {
            block.loadParameters(manager, new DataInputStream(in));
        } catch (IOException | MalformedModelException e) {
            throw new InvalidInputException("cannot load weights " + paramsFile + " (" + e.getMessage()
                    + "); the file must come from the same network configuration as its sidecar", e);
        }
    }

    /**
     * Copies checkpointed weights into the arrays a block already holds. {@code loadParameters} would replace the
     * arrays, but a DJL trainer keeps using the ones it cached at initialisation, so resuming must write in place.
     *
     * @param scratch    an uninitialised block of the same architecture, which receives the file first
     * @param inputShape any input shape the architecture accepts (initialises {@code scratch})
     */
    static void copyWeightsInto(Path paramsFile, Block target, Block scratch, Shape inputShape, NDManager manager) {
        try (NDManager loading = manager.newSubManager()) {
            initializeForLoading(scratch, loading, inputShape);
            loadWeights(paramsFile, scratch, loading);
            List<Parameter> from = scratch.getParameters().values();
            List<Parameter> to = target.getParameters().values();
            for (int i = 0; i < to.size(); i++) {
                to.get(i).getArray().set(from.get(i).getArray().toByteBuffer());
            }
        }
    }

    /** Restores the optimizer's state buffers and step counter. */
    static void loadOptimizer(Path paramsFile, Block block, ScheduledOptimizer optimizer, CheckpointInfo info,
                              NDManager manager) {
        Path file = sibling(paramsFile, OPTIMIZER);
        try (NDManager scratch = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
            NDList saved = NDList.decode(scratch, in);
            Map<String, Map<String, NDArray>> byId = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                for (String state : optimizer.stateNames()) {
                    NDArray buffer = saved.get(p.getKey() + STATE_SEPARATOR + state);
                    if (buffer != null) {
                        byId.computeIfAbsent(p.getValue().getId(), id -> new HashMap<>()).put(state, buffer);
                    } else if (p.getValue().requiresGradient() && info.optimizerStep() > 0) {
                        throw new InvalidInputException("optimizer state " + file + " lacks the " + state
                                + " of parameter " + p.getKey() + "; the checkpoint does not belong to this network"
                                + " and optimizer (" + info.config().optimizer() + ")");
                    }
                }
            }
            optimizer.restore(info.optimizerStep(), byId);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read optimizer state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every state buffer of every parameter; empty for weights that were not trained here. */
    private static NDList stateBuffers(Block block, ScheduledOptimizer optimizer) {
        NDList list = new NDList();
        if (optimizer == null) {
            return list;
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            for (String state : optimizer.stateNames()) {
                optimizer.state(p.getValue().getId(), state).ifPresent(buffer -> {
                    buffer.setName(p.getKey() + STATE_SEPARATOR + state);
                    list.add(buffer);
                });
            }
        }
        return list;
    }

    private static Path sibling(Path paramsFile, String suffix) {
        String file = paramsFile.getFileName().toString();
        String stem = file.endsWith(PARAMS) ? file.substring(0, file.length() - PARAMS.length()) : file;
        return paramsFile.resolveSibling(stem + suffix);
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file under a temporary name and moves it into place; returns its manifest entry, hashed on the way. */
    private static CheckpointManifest.Entry writeAtomically(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)), sha256)) {
            writer.write(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new CheckpointManifest.Entry(target.getFileName().toString(), HexFormat.of().formatHex(sha256.digest()),
                Files.size(target));
    }
}
