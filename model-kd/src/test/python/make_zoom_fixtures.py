"""Golden fixtures for org.selfreg.model.image.Zoom: scipy.ndimage.zoom on small float32 slices.

Run (re-runnable, overwrites the fixtures):
    python3.11 -m venv ~/.cache/selfreg/eval-venv
    ~/.cache/selfreg/eval-venv/bin/pip install numpy scipy
    ~/.cache/selfreg/eval-venv/bin/python model-kd/src/test/python/make_zoom_fixtures.py

Writes model-kd/src/test/resources/image/zoom/: cases.txt (one line per case: name h w outH outW order) and, per
case, <name>_in.f32 / <name>_out.f32 (raw little-endian float32, C order). The zoom factors are given to scipy
as outSize/inSize, exactly as the reference does (zoom(x, 224/512)), and the output shape is asserted.
"""
from pathlib import Path

import numpy as np
from scipy.ndimage import zoom

OUT_DIR = Path(__file__).resolve().parents[1] / "resources" / "image" / "zoom"


def random_slice(rng, h, w):
    return rng.random((h, w), dtype=np.float32)


def structured_slice(h, w):
    """A bright rectangle touching the top/left border plus a diagonal ramp: sharp edges and border contact."""
    y, x = np.mgrid[0:h, 0:w]
    img = ((x + y) / float(h + w)).astype(np.float32)
    img[: h // 2, : w // 3] = 1.0
    return img


def label_slice(rng, h, w):
    return rng.integers(0, 9, size=(h, w)).astype(np.float32)


def main():
    rng = np.random.default_rng(20240614)
    cases = [
        # name, input, out shape, order
        ("down_512_224_rows", random_slice(rng, 512, 6), (224, 5), 3),
        ("down_512_224_cols", structured_slice(7, 512), (4, 224), 3),
        ("up_224_512", random_slice(rng, 224, 6), (512, 9), 3),
        ("down_odd", random_slice(rng, 37, 41), (17, 23), 3),
        ("up_odd", structured_slice(9, 11), (25, 30), 3),
        ("mixed", random_slice(rng, 13, 40), (31, 15), 3),
        ("tiny", random_slice(rng, 2, 3), (5, 1), 3),
        ("nearest_down_512_224", label_slice(rng, 512, 6), (224, 5), 0),
        ("nearest_up_224_512", label_slice(rng, 6, 224), (11, 512), 0),
        ("nearest_odd", label_slice(rng, 19, 23), (41, 9), 0),
    ]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, src, (out_h, out_w), order in cases:
        h, w = src.shape
        out = zoom(src, (out_h / h, out_w / w), order=order)
        assert out.shape == (out_h, out_w), (name, out.shape)
        src.astype("<f4").tofile(OUT_DIR / f"{name}_in.f32")
        out.astype("<f4").tofile(OUT_DIR / f"{name}_out.f32")
        lines.append(f"{name} {h} {w} {out_h} {out_w} {order}")
    (OUT_DIR / "cases.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} cases to {OUT_DIR}")


if __name__ == "__main__":
    main()
