"""Reference preprocessing path for bench/preprocess.sh: what TransUNet-style Synapse scripts do.

    ~/.cache/selfreg/nib-venv/bin/python bench/python/preprocess_reference.py generate <dir> <slices>
    ~/.cache/selfreg/nib-venv/bin/python bench/python/preprocess_reference.py run <dir> <out>

`generate` writes <dir>/img/img0001.nii.gz (int16 HU, 512x512x<slices>) and <dir>/label/label0001.nii.gz (uint8) with
nibabel, once. `run` loads both with nibabel, clips the CT to [-125, 275], scales it to [0, 1] and writes one
np.savez (STORED) per axial slice (image float32, label float32, as TransUNet's train_npz files hold), printing the
seconds taken. Our Java path writes the label as uint8, as our dataset format does, so its files are smaller (1.25 MiB vs 2 MiB).
"""
import pathlib
import sys
import time

import nibabel as nib
import numpy as np


def generate(root, slices):
    rng = np.random.default_rng(0)
    y, x = np.mgrid[-1:1:512j, -1:1:512j]
    body = (x / 0.85) ** 2 + (y / 0.65) ** 2 < 1
    organ = ((x - 0.3) / 0.3) ** 2 + ((y + 0.1) / 0.25) ** 2 < 1
    ct = np.where(body, 40.0, -1000.0) + np.where(organ, 80.0, 0.0)
    label = organ.astype(np.uint8) * 6
    vol = np.repeat(ct[:, :, None], slices, axis=2) + rng.normal(0, 12, (512, 512, slices))
    affine = np.diag([0.78, 0.78, 2.5, 1.0])
    for sub, data, dtype in (("img", vol.transpose(1, 0, 2), np.int16), ("label", np.repeat(label[:, :, None], slices, 2).transpose(1, 0, 2), np.uint8)):
        (root / sub).mkdir(parents=True, exist_ok=True)
        name = "img0001.nii.gz" if sub == "img" else "label0001.nii.gz"
        nib.save(nib.Nifti1Image(data.astype(dtype), affine), str(root / sub / name))


def run(root, out):
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    image = nib.load(str(root / "img" / "img0001.nii.gz")).get_fdata()
    label = nib.load(str(root / "label" / "label0001.nii.gz")).get_fdata()
    image = (np.clip(image, -125, 275) + 125) / 400
    for z in range(image.shape[2]):
        np.savez(out / f"case0001_slice{z:03d}.npz", image=image[:, :, z].T.astype(np.float32),
                 label=label[:, :, z].T.astype(np.float32))
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(pathlib.Path(sys.argv[2]), int(sys.argv[3]))
    else:
        run(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
