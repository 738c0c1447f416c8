package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.selfreg.dataprep.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads a PyTorch UNet_hd state dict, converted to {@code .npz} by {@code convert_torch_checkpoint.py} (keys in
 * state-dict order, BN running statistics included, {@code num_batches_tracked} dropped), into a {@link UNet}.
 *
 * <p>The UNet registers its blocks in the torch module order, so the i-th torch tensor is the i-th DJL parameter.
 * Each pair is still checked by name (same top-level module, same kind of tensor) and shape, so a state dict of
 * another architecture or width fails with the first tensor that does not fit instead of loading garbage.
 */
public final class TorchWeights {

    /** DJL parameter name -> the torch state-dict leaf it corresponds to. */
    private static final Map<String, String> TORCH_LEAF = Map.of(
            "weight", "weight", "bias", "bias", "gamma", "weight", "beta", "bias",
            "runningMean", "running_mean", "runningVar", "running_var");

    private TorchWeights() {
    }

    /**
     * Copies the converted weights into an initialised UNet.
     *
     * @throws InvalidInputException when the file is unreadable or its tensors do not match the network's
     *                               parameters in number, name or shape
     */
    public static void loadInto(UNet unet, Path npz) {
        PairList<String, Parameter> parameters = unet.getParameters();
        NDManager owner = parameters.get(0).getValue().getArray().getManager();
        try (NDManager scratch = owner.newSubManager(); InputStream in = Files.newInputStream(npz)) {
            NDList tensors = NDList.decode(scratch, in);
            if (tensors.size() != parameters.size()) {
                throw mismatch(npz, "holds " + tensors.size() + " tensors but the UNet (" + unet.config()
                        + ") has " + parameters.size() + " parameters including BN running statistics");
            }
            for (int i = 0; i < parameters.size(); i++) {
                copy(npz, i, tensors.get(i), parameters.get(i));
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read torch weights " + npz + ": " + e.getMessage()
                    + "; convert the .pth with model-kd/src/main/python/convert_torch_checkpoint.py", e);
        }
    }

    private static void copy(Path npz, int index, NDArray tensor, Pair<String, Parameter> parameter) {
        String torchName = tensor.getName();
        String djlName = parameter.getKey();
        NDArray target = parameter.getValue().getArray();
        String module = djlName.substring(0, djlName.indexOf('_')).replaceFirst("^\\d+", "");
        String leaf = TORCH_LEAF.get(djlName.substring(djlName.lastIndexOf('_') + 1));
        boolean sameModule = torchName.startsWith(module + ".");
        boolean sameLeaf = leaf != null && torchName.endsWith("." + leaf);
        if (!sameModule || !sameLeaf) {
            throw mismatch(npz, "tensor " + index + " is '" + torchName + "' where the UNet expects " + module
                    + ".*." + leaf + " (parameter " + djlName + ")");
        }
        if (!tensor.getShape().equals(target.getShape())) {
            throw mismatch(npz, "tensor " + index + " '" + torchName + "' has shape " + tensor.getShape()
                    + " but parameter " + djlName + " has " + target.getShape()
                    + "; check baseWidth and classes against the checkpoint");
        }
        target.set(tensor.toType(DataType.FLOAT32, false).toByteBuffer());
    }

    private static InvalidInputException mismatch(Path npz, String problem) {
        return new InvalidInputException("torch weights " + npz + " do not fit: " + problem
                + "; the file must be a UNet_hd state dict converted by convert_torch_checkpoint.py");
    }
}
