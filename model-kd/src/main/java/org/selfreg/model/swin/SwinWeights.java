package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.selfreg.dataprep.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads PyTorch weights, exported as an {@code .npz} keyed by state-dict name, into a network whose child blocks
 * carry the PyTorch module names (as {@link SwinUNet} does).
 *
 * <p>Semantics of the reference's {@code load_state_dict(full_dict, strict=False)} after it deleted shape-mismatched
 * keys: a parameter is set when the file has its name with the same shape; every other key is skipped and reported.
 * The pretrained file comes from {@code src/main/python/convert_swin_pretrained.py}, which applies the
 * encoder-to-decoder mirroring.
 */
public final class SwinWeights {

    private static final Logger LOG = LoggerFactory.getLogger(SwinWeights.class);
    /** DJL prefixes every child name with its two-digit position ("01patch_embed"). */
    private static final int CHILD_PREFIX = 2;

    private SwinWeights() {
    }

    /**
     * What a load did.
     *
     * @param loaded     parameters set from the file
     * @param missing    network parameters the file does not have (left as they were)
     * @param unexpected file keys the network does not have
     * @param mismatched file keys whose shape differs from the network's (skipped, as the reference deletes them)
     */
    public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected,
                             List<String> mismatched) {
    }

    /** Sets every parameter of {@code network} that {@code npz} holds with the same name and shape. */
    public static LoadReport loadInto(Block network, Path npz) {
        if (!Files.isRegularFile(npz)) {
            throw new InvalidInputException("Swin weights " + npz + " do not exist; convert the ImageNet checkpoint "
                    + "with model-kd/src/main/python/convert_swin_pretrained.py first");
        }
        Map<String, Parameter> parameters = namedParameters(network);
        List<String> loaded = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        try (NDManager scratch = NDManager.newBaseManager(); InputStream in = Files.newInputStream(npz)) {
            NDList arrays = decode(scratch, in, npz);
            for (NDArray value : arrays) {
                String name = value.getName();
                Parameter parameter = parameters.get(name);
                if (parameter == null) {
                    unexpected.add(name);
                } else if (!parameter.getArray().getShape().equals(value.getShape())) {
                    mismatched.add(name + " " + value.getShape() + " (network " + parameter.getArray().getShape() + ")");
                } else {
                    parameter.getArray().set(value.toType(DataType.FLOAT32, false).toFloatArray());
                    loaded.add(name);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read Swin weights " + npz + ": " + e.getMessage(), e);
        }
        List<String> missing = parameters.keySet().stream().filter(name -> !loaded.contains(name)).toList();
        LOG.info("Loaded {} of {} Swin-UNet parameters from {} ({} missing, {} unexpected, {} shape-mismatched keys)",
                loaded.size(), parameters.size(), npz, missing.size(), unexpected.size(), mismatched.size());
        return new LoadReport(List.copyOf(loaded), missing, List.copyOf(unexpected), List.copyOf(mismatched));
    }

    private static NDList decode(NDManager manager, InputStream in, Path npz) throws IOException {
        try {
            return NDList.decode(manager, in);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(npz + " is not an .npz of named arrays (" + e.getMessage()
                    + "); write it with convert_swin_pretrained.py", e);
        }
    }

    /** The parameters of an initialised network under their PyTorch state-dict names, in parameter order. */
    static Map<String, Parameter> namedParameters(Block network) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect(network, "", named);
        return named;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> named) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            named.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey().substring(CHILD_PREFIX) + ".", named);
        }
    }
}
