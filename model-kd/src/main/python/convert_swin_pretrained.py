"""Converts an ImageNet Swin checkpoint (.pth) into the portable .npz that SwinWeights.loadInto reads.

Usage (torch from PyPI, any recent version; re-runnable, it overwrites OUT):

    python3.11 -m venv ~/.cache/selfreg/torch-venv
    ~/.cache/selfreg/torch-venv/bin/pip install torch numpy
    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/main/python/convert_swin_pretrained.py \
        swin_tiny_patch4_window7_224.pth swin_tiny_patch4_window7_224.npz

Input: the checkpoint the Swin-Unet README points to (`{'model': state_dict}`, Swin-T ImageNet-1K).
Output: one float32 array per state-dict key, named by the PyTorch key (e.g. `layers.0.blocks.1.attn.qkv.weight`).

What it does is the first half of Swin-Unet's `SwinUnet.load_from` (HuCaoFighting/Swin-Unet f998666,
networks/vision_transformer.py): every `layers.i.*` key is also written as `layers_up.(3-i).*`, so the decoder
starts from the mirrored encoder stage. The second half, dropping keys that the network lacks or whose shape differs
(`load_state_dict(strict=False)`), needs the network's shapes and therefore happens in Java, in SwinWeights.loadInto.

Integer buffers (`relative_position_index`) and the shifted-window masks (`attn_mask`) are not exported: they are
constants of the geometry, which the Java network computes itself.
"""
import argparse
import sys

import numpy as np
import torch


def mirrored(state_dict):
    """The reference's encoder-to-decoder copy: layers.i.X -> layers_up.(3-i).X, originals kept."""
    full = dict(state_dict)
    for k, v in state_dict.items():
        if "layers." in k:
            current_layer_num = 3 - int(k[7:8])
            full["layers_up." + str(current_layer_num) + k[8:]] = v
    return full


def exported(state_dict):
    """Float tensors only, as float32 numpy arrays; buffers the Java network recomputes are left out."""
    out = {}
    for k, v in state_dict.items():
        if not torch.is_floating_point(v) or k.endswith("attn_mask"):
            continue
        out[k] = v.detach().to(torch.float32).cpu().numpy()
    return out


def convert(pth_path, npz_path):
    checkpoint = torch.load(pth_path, map_location="cpu", weights_only=True)
    if not isinstance(checkpoint, dict) or "model" not in checkpoint:
        raise SystemExit(f"{pth_path}: expected an ImageNet Swin checkpoint holding {{'model': state_dict}} "
                         f"(as swin_tiny_patch4_window7_224.pth does); got keys {list(checkpoint)[:5]}")
    arrays = exported(mirrored(checkpoint["model"]))
    np.savez(npz_path, **arrays)
    return arrays


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pth", help="ImageNet Swin checkpoint, e.g. swin_tiny_patch4_window7_224.pth")
    parser.add_argument("npz", help="output file for SwinWeights.loadInto")
    args = parser.parse_args(argv)
    arrays = convert(args.pth, args.npz)
    print(f"wrote {len(arrays)} arrays to {args.npz}")


if __name__ == "__main__":
    main(sys.argv[1:])
