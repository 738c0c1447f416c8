"""HD95 benchmark reference (not a test): builds one Synapse-sized case and times medpy on it.

Run through the harness, which also times the Java implementation on the same files and compares the values:
    ./bench/run hd95
or alone (re-runnable; needs the evaluation venv):
    python3.11 -m venv ~/.cache/selfreg/eval-venv
    ~/.cache/selfreg/eval-venv/bin/pip install medpy scipy numpy
    ~/.cache/selfreg/eval-venv/bin/python bench/python/hd95_reference.py OUT_DIR

Writes into OUT_DIR:
    truth.u8, prediction.u8   uint8 labels 0..8, C order [150][512][512]
    case.txt                  "depth height width sz sy sx"
    medpy.txt                 one line per class: "class dice hd95_mm hd95_voxels seconds", the seconds being medpy's
                              dc + hd95 (with the spacing) for that class

The organs are ellipsoids whose surface is bent by smooth random noise (seeded), at Synapse-like positions and sizes.
The prediction is the truth with each organ re-drawn shifted by a voxel or two with a different surface noise, plus a
few small false-positive islands, the typical errors that drive HD95.
"""
import sys
import time
from pathlib import Path

import numpy as np
from medpy.metric import binary
from scipy.ndimage import gaussian_filter

DEPTH, HEIGHT, WIDTH = 150, 512, 512
SPACING = (3.0, 0.78, 0.78)  # z, y, x in mm, as a Synapse CT
# centre z, y, x and radii z, y, x in voxels: spleen, kidneys, gallbladder, liver, stomach, aorta, pancreas
ORGANS = [
    (70, 230, 380, 18, 45, 40), (60, 300, 170, 14, 30, 25), (62, 300, 340, 14, 30, 25),
    (80, 330, 140, 6, 15, 12), (75, 230, 180, 35, 110, 95), (90, 200, 320, 20, 60, 55),
    (75, 290, 256, 60, 10, 10), (85, 270, 270, 8, 20, 60),
]


def paint(label, rng, organ, value, shift, roughness):
    cz, cy, cx, rz, ry, rx = organ
    cz, cy, cx = cz + shift[0], cy + shift[1], cx + shift[2]
    lo = [max(0, int(c - 1.3 * r)) for c, r in zip((cz, cy, cx), (rz, ry, rx))]
    hi = [min(n, int(c + 1.3 * r) + 1) for c, r, n in zip((cz, cy, cx), (rz, ry, rx), label.shape)]
    z, y, x = np.ogrid[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]]
    radius = np.sqrt(((z - cz) / rz) ** 2 + ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2)
    noise = gaussian_filter(rng.standard_normal(radius.shape), sigma=(2, 6, 6))
    noise /= np.abs(noise).max()
    inside = radius <= 1.0 + roughness * noise
    label[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]][inside] = value


def make_case(seed=20240507):
    rng = np.random.default_rng(seed)
    truth = np.zeros((DEPTH, HEIGHT, WIDTH), np.uint8)
    prediction = np.zeros_like(truth)
    for value, organ in enumerate(ORGANS, start=1):
        paint(truth, rng, organ, value, (0, 0, 0), 0.25)
        paint(prediction, rng, organ, value, tuple(rng.integers(-2, 3, size=3)), 0.25)
    for value in (1, 4, 6, 8):  # small false-positive islands away from the organ
        cz, cy, cx = rng.integers(10, DEPTH - 10), rng.integers(40, HEIGHT - 40), rng.integers(40, WIDTH - 40)
        prediction[cz - 2:cz + 2, cy - 4:cy + 4, cx - 4:cx + 4] = value
    return truth, prediction


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth, prediction = make_case()
    truth.tofile(out / "truth.u8")
    prediction.tofile(out / "prediction.u8")
    (out / "case.txt").write_text(f"{DEPTH} {HEIGHT} {WIDTH} {SPACING[0]} {SPACING[1]} {SPACING[2]}\n")
    lines = []
    total = 0.0
    for value in range(1, len(ORGANS) + 1):
        p, g = prediction == value, truth == value
        start = time.perf_counter()
        dice = binary.dc(p, g)
        hd95_mm = binary.hd95(p, g, voxelspacing=SPACING)
        seconds = time.perf_counter() - start
        hd95_voxels = binary.hd95(p, g)  # the paper's units, not timed
        total += seconds
        lines.append(f"{value} {float(dice)!r} {float(hd95_mm)!r} {float(hd95_voxels)!r} {seconds:.3f}")
        print(f"medpy class {value}: dice {dice:.4f} hd95 {hd95_mm:.4f} mm in {seconds:.2f} s", flush=True)
    (out / "medpy.txt").write_text("\n".join(lines) + "\n")
    print(f"medpy: 8 classes (dc + hd95 with spacing) in {total:.2f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/hd95-bench")
