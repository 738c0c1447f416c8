"""Golden fixtures for data-prep's NIfTI and NPZ codecs, written by the reference libraries (nibabel, numpy).

Run from the repository root (re-runnable; it overwrites the fixtures):

    python3 -m venv ~/.cache/selfreg/nib-venv
    ~/.cache/selfreg/nib-venv/bin/pip install numpy nibabel
    ~/.cache/selfreg/nib-venv/bin/python data-prep/src/test/python/make_nifti_fixtures.py

Writes small files under data-prep/src/test/resources/{nifti,npz}/ plus expected.json in each folder holding what
nibabel / numpy read back (shape, full data in C order [z][y][x], affine, axis codes), which the JUnit tests compare with.
"""
import gzip
import json
import pathlib

import nibabel as nib
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1] / "resources"
NIFTI = ROOT / "nifti"
NPZ = ROOT / "npz"
SHAPE = (5, 4, 3)  # x, y, z


def ramp(dtype, start=0):
    return (np.arange(np.prod(SHAPE)) + start).reshape(SHAPE, order="F").astype(dtype)


def oblique_affine():
    angle = np.deg2rad(12)
    rot = np.array([[np.cos(angle), -np.sin(angle), 0], [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
    aff = np.eye(4)
    aff[:3, :3] = rot @ np.diag([0.8, 0.7, -2.5])  # z flipped: qfac -1
    aff[:3, 3] = [-20.5, 10.25, 33.0]
    return aff


def save(img, name, expected):
    nib.save(img, str(NIFTI / name))
    expected_from_file(name, expected)


def save_scaled(data, affine, slope, inter, name, expected):
    """nibabel recomputes scaling on save, so the header is written by hand to keep the chosen slope and intercept."""
    hdr = nib.Nifti1Header()
    hdr.set_data_dtype(data.dtype)
    hdr.set_data_shape(data.shape)
    hdr.set_sform(affine, code=1)
    hdr.set_qform(affine, code=1)
    hdr["scl_slope"] = slope
    hdr["scl_inter"] = inter
    hdr["vox_offset"] = 352
    opener = gzip.open if name.endswith(".gz") else open
    with opener(NIFTI / name, "wb") as f:
        hdr.write_to(f)  # the 348-byte header plus the 4-byte "no extensions" flag
        f.write(data.tobytes(order="F"))
    expected_from_file(name, expected)


def expected_from_file(name, expected):
    back = nib.load(str(NIFTI / name))
    data = np.asarray(back.get_fdata(dtype=np.float64))
    expected[name] = {
        "shape": list(data.shape),
        "data_zyx": data.transpose(2, 1, 0).ravel().tolist(),
        "affine": back.affine.tolist(),
        "axcodes": list(nib.aff2axcodes(back.affine)),
    }


def nifti_fixtures():
    NIFTI.mkdir(parents=True, exist_ok=True)
    expected = {}
    lps = np.diag([-0.75, -0.75, 3.0, 1.0])
    lps[:3, 3] = [100.0, 90.0, -40.0]
    for dtype, name in [(np.uint8, "uint8.nii.gz"), (np.int8, "int8.nii"), (np.int16, "int16.nii.gz"),
                        (np.uint16, "uint16.nii"), (np.int32, "int32.nii"), (np.uint32, "uint32.nii"),
                        (np.int64, "int64.nii"), (np.float32, "float32.nii.gz"), (np.float64, "float64.nii")]:
        start = -30 if np.issubdtype(dtype, np.signedinteger) or np.issubdtype(dtype, np.floating) else 0
        save(nib.Nifti1Image(ramp(dtype, start), lps, dtype=dtype), name, expected)

    save_scaled(ramp(np.int16, -10), lps, 0.5, -1024, "int16_slope_inter.nii.gz", expected)
    save_scaled(ramp(np.uint16, 1000), lps, 1.0, -1024, "uint16_inter.nii.gz", expected)

    big = nib.Nifti1Image(ramp(np.float32, -7).astype(">f4"), lps, dtype=">f4")
    save(big, "float32_bigendian.nii", expected)

    save(nib.Nifti2Image(ramp(np.int16, -5), lps, dtype=np.int16), "nifti2.nii.gz", expected)
    save(nib.Nifti1Image(ramp(np.float32), oblique_affine()), "oblique_sform.nii.gz", expected)

    qonly = nib.Nifti1Image(ramp(np.int16), None, dtype=np.int16)
    qonly.set_qform(oblique_affine(), code=1)
    qonly.set_sform(None, code=0)
    save(qonly, "qform_only.nii.gz", expected)

    nocode = nib.Nifti1Image(ramp(np.uint8), None, dtype=np.uint8)
    nocode.header.set_zooms((1.5, 2.0, 4.0))
    nocode.set_qform(None, code=0)
    nocode.set_sform(None, code=0)
    save(nocode, "no_transform.nii", expected)

    # Inputs the reader must reject (no expected values).
    nib.save(nib.Nifti1Image(np.zeros((4, 4, 3, 2), np.int16), lps, dtype=np.int16), str(NIFTI / "four_d.nii.gz"))
    rgb = np.zeros((4, 4, 3), dtype=[("R", "u1"), ("G", "u1"), ("B", "u1")])
    nib.save(nib.Nifti1Image(rgb, lps), str(NIFTI / "rgb.nii"))

    (NIFTI / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


def npz_fixtures():
    NPZ.mkdir(parents=True, exist_ok=True)
    image = (np.arange(12, dtype=np.float32).reshape(3, 4) / 11.0).astype(np.float32)
    label = np.array([[0, 1, 2, 3], [4, 5, 6, 7], [8, 0, 1, 255]], dtype=np.uint8)
    np.savez(NPZ / "savez.npz", image=image, label=label)
    np.savez_compressed(NPZ / "savez_compressed.npz", image=image, label=label.astype(np.float32))
    volume = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
    np.savez(NPZ / "fortran.npz", volume=np.asfortranarray(volume))
    np.savez(NPZ / "bigendian.npz", image=image.astype(">f4"), counts=np.arange(6, dtype=">i2").reshape(2, 3) - 3)
    np.save(NPZ / "header_f4_3x4.npy", image)
    np.save(NPZ / "header_u1_2x3x4.npy", np.zeros((2, 3, 4), np.uint8))
    expected = {
        "image": image.ravel().tolist(),
        "label": label.ravel().tolist(),
        "volume": volume.ravel().tolist(),
        "counts": (np.arange(6) - 3).tolist(),
    }
    (NPZ / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    nifti_fixtures()
    npz_fixtures()
    print("fixtures written under", ROOT)
