"""Golden fixtures for the org.selfreg.eval metrics: medpy 0.5 (dc, jc, hd95, hd, assd) and the reference's
calculate_metric_percase, on small 3D masks; the ACDC protocol's per-class rule on the same masks; UCTransNet's
per-image Dice and scikit-learn's jaccard_score on small 2-D masks.

Run (re-runnable, overwrites the fixtures):
    python3.11 -m venv ~/.cache/selfreg/eval-venv
    ~/.cache/selfreg/eval-venv/bin/pip install medpy scipy numpy nibabel scikit-learn
    ~/.cache/selfreg/eval-venv/bin/python evaluation/src/test/python/make_metric_fixtures.py

Writes evaluation/src/test/resources/metrics/: cases.txt, one line per case
    name d h w sz sy sx dice jaccard hd95 monai_hd95 hausdorff assd paper_dice paper_hd95
(distances in the units of the spacing (sz, sy, sx); 'nan' where medpy raises because a mask is empty; paper_* are
the reference's calculate_metric_percase in voxel units) and, per case, <name>_a.u8 (prediction, "result") and
<name>_b.u8 (ground truth, "reference"): raw uint8 0/1, C order [d][h][w].

Also writes acdc.txt, one line per case of cases.txt
    name dice hd95 jaccard assd
by the SelfReg repository's src/train_acdc/utils.py calculate_metric_percase (after CASCADE's): medpy in unit voxels,
(1, 0, 1, 0) for a prediction of a class absent from the truth, zeros for an empty prediction; and
uctransnet/cases.txt, one line per 2-D case
    name h w dice iou
by McGregorWwww/UCTransNet (utils.py dice_coef with its 1e-5, sklearn.metrics.jaccard_score as test_model.py calls
it), with uctransnet/<name>_a.u8 (prediction) and <name>_b.u8 (truth): uint8 0/1, C order [h][w].
"""
from pathlib import Path

import numpy as np
from medpy.metric import binary
from sklearn.metrics import jaccard_score

OUT_DIR = Path(__file__).resolve().parents[1] / "resources" / "metrics"
surface_distances = getattr(binary, "__surface_distances")


def binarised(pred, gt):
    """Copies of the masks with every positive value 1, as both references' calculate_metric_percase begin."""
    return (pred > 0).astype(pred.dtype), (gt > 0).astype(gt.dtype)


def calculate_metric_percase(pred, gt):
    """The reference's per-class metric (TransUNet / SelfReg utils.py), voxel units."""
    pred, gt = binarised(pred, gt)
    if pred.sum() > 0 and gt.sum() > 0:
        return binary.dc(pred, gt), binary.hd95(pred, gt)
    if pred.sum() > 0 and gt.sum() == 0:
        return 1, 0
    return 0, 0


def acdc_metric_percase(pred, gt):
    """SelfReg's src/train_acdc/utils.py calculate_metric_percase (CASCADE's): four metrics, unit voxels."""
    pred, gt = binarised(pred, gt)
    if pred.sum() > 0 and gt.sum() > 0:
        return binary.dc(pred, gt), binary.hd95(pred, gt), binary.jc(pred, gt), binary.assd(pred, gt)
    if pred.sum() > 0 and gt.sum() == 0:
        return 1, 0, 1, 0
    return 0, 0, 0, 0


def uctransnet_dice(pred, gt):
    """UCTransNet utils.py dice_coef on one image's binary masks."""
    smooth = 1e-5
    intersection = np.sum(pred * gt)
    return (2.0 * intersection) / (np.sum(pred) + np.sum(gt) + smooth)


def uctransnet_iou(pred, gt):
    """test_model.py: jaccard_score(labels.reshape(-1), pred.reshape(-1)); 0 when both are empty (zero_division)."""
    return jaccard_score(gt.reshape(-1), pred.reshape(-1), zero_division=0)


def images(rng):
    shape = (24, 28)
    yield "noise", rng.random(shape) < 0.3, rng.random(shape) < 0.4
    disc = ellipsoid((1,) + shape, (0, 12, 14), (1, 8, 9))[0]
    yield "disc_shifted", disc, np.roll(disc, (2, -3), axis=(0, 1))
    yield "disc_same", disc, disc.copy()
    empty = np.zeros(shape, bool)
    yield "empty_prediction", empty, disc
    yield "empty_truth", disc, empty.copy()
    yield "both_empty", empty, empty.copy()
    one = empty.copy()
    one[5, 6] = True
    yield "one_pixel_miss", one, np.roll(one, 1, axis=1)


def write_images(rng):
    out = OUT_DIR / "uctransnet"
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, a, b in images(rng):
        a = a.astype(np.uint8)
        b = b.astype(np.uint8)
        a.tofile(out / f"{name}_a.u8")
        b.tofile(out / f"{name}_b.u8")
        h, w = a.shape
        lines.append(" ".join([name, str(h), str(w), fmt(uctransnet_dice(a, b)), fmt(uctransnet_iou(a, b))]))
    (out / "cases.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} 2-D cases to {out}")


def ellipsoid(shape, center, radii):
    z, y, x = np.indices(shape)
    return (((z - center[0]) / radii[0]) ** 2 + ((y - center[1]) / radii[1]) ** 2
            + ((x - center[2]) / radii[2]) ** 2) <= 1.0


def cases(rng):
    shape = (12, 14, 16)
    yield "random_noise", rng.random(shape) < 0.3, rng.random(shape) < 0.3, (1.0, 1.0, 1.0)
    yield "random_noise_aniso", rng.random(shape) < 0.2, rng.random(shape) < 0.4, (2.5, 0.7, 0.7)

    big = (20, 40, 36)
    yield ("ellipsoids_ct_spacing", ellipsoid(big, (9, 20, 17), (6, 12, 10)),
           ellipsoid(big, (10, 22, 16), (5, 13, 11)), (5.0, 0.78125, 0.78125))
    yield ("ellipsoid_vs_noisy", ellipsoid(big, (9, 20, 17), (6, 12, 10)) ^ (rng.random(big) < 0.02),
           ellipsoid(big, (10, 18, 20), (7, 9, 8)), (1.5, 1.0, 0.5))

    a = np.zeros(shape, bool)
    b = np.zeros(shape, bool)
    a[3, 4, 5] = True
    b[9, 1, 13] = True
    yield "one_voxel_each", a, b, (3.0, 0.8, 0.8)
    yield "one_voxel_same", a, a.copy(), (1.0, 1.0, 1.0)

    a = np.zeros(shape, bool)
    a[:, :, :4] = True  # slab touching five faces of the volume
    b = np.zeros(shape, bool)
    b[:6, :, :] = True
    yield "touching_border", a, b, (2.0, 1.0, 1.0)
    yield "full_volume_vs_cube", np.ones(shape, bool), ellipsoid(shape, (6, 7, 8), (3, 3, 3)), (1.0, 1.0, 1.0)

    a = np.zeros(shape, bool)
    a[2:10, 2:12, 2:14] = True
    b = np.zeros(shape, bool)
    b[4:8, 5:9, 6:10] = True
    yield "nested_boxes", a, b, (1.5, 1.0, 0.5)

    a = np.zeros(shape, bool)
    a[0:3, 0:3, 0:3] = True
    b = np.zeros(shape, bool)
    b[9:12, 11:14, 13:16] = True
    yield "opposite_corners", a, b, (1.0, 2.0, 3.0)

    blob = ellipsoid(shape, (6, 7, 8), (4, 5, 5))
    empty = np.zeros(shape, bool)
    yield "empty_prediction", empty, blob, (1.0, 1.0, 1.0)
    yield "empty_ground_truth", blob, empty.copy(), (1.0, 1.0, 1.0)
    yield "both_empty", empty, empty.copy(), (1.0, 1.0, 1.0)


def fmt(v):
    return "nan" if v is None or np.isnan(v) else repr(float(v))


def main():
    rng = np.random.default_rng(20240614)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    lines = []
    acdc = []
    for name, a, b, spacing in cases(rng):
        a = a.astype(np.uint8)
        b = b.astype(np.uint8)
        d, h, w = a.shape
        # medpy's dc means 0 for two empty masks; under numpy 2 its ZeroDivisionError guard no longer fires and it
        # returns nan, so the reference-era value (numpy 1.x) is written explicitly.
        dice = binary.dc(a, b) if (a.any() or b.any()) else 0.0
        jaccard = binary.jc(a, b)
        if a.any() and b.any():
            hd95 = binary.hd95(a, b, voxelspacing=spacing)
            a_to_b = surface_distances(a, b, spacing)
            b_to_a = surface_distances(b, a, spacing)
            monai = max(np.percentile(a_to_b, 95), np.percentile(b_to_a, 95))
            hd = binary.hd(a, b, voxelspacing=spacing)
            assd = binary.assd(a, b, voxelspacing=spacing)
        else:
            hd95 = monai = hd = assd = None
        paper_dice, paper_hd95 = calculate_metric_percase(a, b)
        a.tofile(OUT_DIR / f"{name}_a.u8")
        b.tofile(OUT_DIR / f"{name}_b.u8")
        values = [dice, jaccard, hd95, monai, hd, assd, paper_dice, paper_hd95]
        acdc.append(" ".join([name] + [fmt(v) for v in acdc_metric_percase(a, b)]))
        lines.append(" ".join([name, str(d), str(h), str(w)] + [repr(float(s)) for s in spacing]
                              + [fmt(v) for v in values]))
    (OUT_DIR / "cases.txt").write_text("\n".join(lines) + "\n")
    (OUT_DIR / "acdc.txt").write_text("\n".join(acdc) + "\n")
    print(f"wrote {len(lines)} cases to {OUT_DIR}")
    write_images(np.random.default_rng(20261206))


if __name__ == "__main__":
    main()
