"""Golden fixtures for data-prep's TransUNet input layout, written the way TransUNet's preprocessed Synapse data is.

Run from the repository root (re-runnable; it replaces the fixtures):

    python3 -m venv ~/.cache/selfreg/nib-venv
    ~/.cache/selfreg/nib-venv/bin/pip install numpy nibabel h5py
    ~/.cache/selfreg/nib-venv/bin/python data-prep/src/test/python/make_transunet_fixtures.py

Writes data-prep/src/test/resources/transunet/: train_npz/caseNNNN_sliceMMM.npz (np.savez: image float32 (H, W) in
[0, 1], label float32 class ids, as TransUNet's files hold), test_vol_h5/caseNNNN.npy.h5 (h5py datasets image and label,
float32 (D, H, W)) in three storage layouts (contiguous, gzip with h5py's automatic chunks, gzip + shuffle with one
chunk per slice), lists/lists_Synapse/{train,test_vol}.txt, and expected.json with what h5py reads back from each
volume (shape and C-order values), which the JUnit tests compare with.
"""
import json
import pathlib
import shutil

import h5py
import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "transunet"
H, W = 6, 5
TRAIN = {"case0005": 3, "case0006": 4, "case0007": 2, "case0009": 3}
TEST = {"case0008": (4, dict()), "case0001": (3, dict(compression="gzip")),
        "case0002": (5, dict(compression="gzip", shuffle=True, chunks=(1, H, W)))}


def volume(rng, depth):
    image = rng.random((depth, H, W), dtype=np.float32)
    label = rng.integers(0, 9, size=(depth, H, W)).astype(np.float32)
    return image, label


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "train_npz").mkdir(parents=True)
    (OUT / "test_vol_h5").mkdir()
    (OUT / "lists" / "lists_Synapse").mkdir(parents=True)
    rng = np.random.default_rng(3)
    train = []
    for case, depth in TRAIN.items():
        image, label = volume(rng, depth)
        for z in range(depth):
            name = f"{case}_slice{z:03d}"
            np.savez(OUT / "train_npz" / f"{name}.npz", image=image[z], label=label[z])
            train.append(name)
    expected = {}
    for case, (depth, storage) in TEST.items():
        image, label = volume(rng, depth)
        with h5py.File(OUT / "test_vol_h5" / f"{case}.npy.h5", "w") as f:
            f.create_dataset("image", data=image, **storage)
            f.create_dataset("label", data=label, **storage)
        with h5py.File(OUT / "test_vol_h5" / f"{case}.npy.h5", "r") as f:
            expected[case] = {"shape": list(f["image"].shape), "image": f["image"][:].ravel().tolist(),
                              "label": f["label"][:].astype(int).ravel().tolist()}
    (OUT / "lists" / "lists_Synapse" / "train.txt").write_text("\n".join(train) + "\n")
    (OUT / "lists" / "lists_Synapse" / "test_vol.txt").write_text("\n".join(TEST) + "\n")
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
