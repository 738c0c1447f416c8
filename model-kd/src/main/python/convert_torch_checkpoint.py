"""Convert a PyTorch UNet_hd checkpoint (a state dict saved with torch.save, e.g. the SelfReg-UNet authors'
unet_synapse.pth) into the .npz that org.selfreg.model.unet.TorchWeights loads.

Usage (torch and numpy from PyPI, CPU is enough):

    python3.11 -m venv ~/.cache/selfreg/torch-venv
    ~/.cache/selfreg/torch-venv/bin/pip install torch numpy
    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/main/python/convert_torch_checkpoint.py unet_synapse.pth unet_synapse.npz

Then turn the .npz into a checkpoint our evaluation reads with Checkpoint.fromTorch(npz, config, dir).

The .npz keeps the tensors in state-dict order (the Java side maps them by order and checks every name and shape),
includes the BatchNorm running statistics and drops num_batches_tracked, which inference never uses. A state dict
wrapped in {'state_dict': ...} or {'model': ...}, or saved from nn.DataParallel ('module.' prefixes), is unwrapped.
"""
import argparse
import sys

import numpy as np
import torch

WRAPPER_KEYS = ("state_dict", "model")
DATA_PARALLEL_PREFIX = "module."


def state_dict_of(checkpoint):
    """The tensor dict inside whatever torch.save wrote."""
    for key in WRAPPER_KEYS:
        if isinstance(checkpoint, dict) and isinstance(checkpoint.get(key), dict):
            checkpoint = checkpoint[key]
    if not isinstance(checkpoint, dict) or not all(torch.is_tensor(v) for v in checkpoint.values()):
        raise ValueError("the file does not hold a state dict of tensors; save it with torch.save(model.state_dict())")
    return checkpoint


def convert(pth_path, npz_path):
    """Writes npz_path from pth_path and returns the number of tensors written."""
    state = state_dict_of(torch.load(pth_path, map_location="cpu", weights_only=True))
    arrays = {}
    for name, tensor in state.items():
        if name.endswith("num_batches_tracked"):
            continue
        if name.startswith(DATA_PARALLEL_PREFIX):
            name = name[len(DATA_PARALLEL_PREFIX):]
        arrays[name] = tensor.detach().to(torch.float32).numpy()
    np.savez(npz_path, **arrays)
    return len(arrays)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pth", help="torch checkpoint (.pth)")
    parser.add_argument("npz", help="output .npz")
    args = parser.parse_args(argv)
    count = convert(args.pth, args.npz)
    print("wrote %d tensors to %s" % (count, args.npz))


if __name__ == "__main__":
    main(sys.argv[1:])
