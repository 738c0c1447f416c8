"""Golden fixtures for data-prep's bilinear resize (BilinearResize), written with OpenCV as UCTransNet resizes.

UCTransNet (McGregorWwww/UCTransNet Load_Dataset.py, ImageToImage2D) calls cv2.resize(image, (224, 224)) with the
default INTER_LINEAR on uint8 images and masks. Run from the repository root (re-runnable; it replaces the fixtures):

    python3 -m venv ~/.cache/selfreg/cv-venv
    ~/.cache/selfreg/cv-venv/bin/pip install numpy opencv-python-headless
    ~/.cache/selfreg/cv-venv/bin/python data-prep/src/test/python/make_resize_fixtures.py

The inputs are not stored: each is a formula of (channel, row, column) that ResizeParityTest computes the same way,
so the fixture holds only cv2's outputs (savez_compressed, a few KB). Writes
data-prep/src/test/resources/resize/expected.npz with one uint8 array per case, named
<kind>_<channels>x<height>x<width>_to_<outHeight>x<outWidth>, and the OpenCV version as 'opencv_version' (uint8 bytes).
The outputs come from opencv-python on x86-64 (its SIMD kernels); OpenCV 4.x and 5.x.
"""
import pathlib

import cv2
import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "resize" / "expected.npz"

CASES = [("texture", 1, 522, 775, 224, 224), ("texture", 1, 1000, 1000, 224, 224),
         ("texture", 1, 100, 100, 224, 224), ("texture", 3, 45, 58, 21, 33), ("texture", 1, 7, 5, 224, 224),
         ("instances", 1, 522, 775, 224, 224), ("binary", 1, 1000, 1000, 224, 224)]


def source(kind, channels, height, width):
    """The input of a case, C order [C][H][W]; ResizeParityTest.source is the same formula."""
    c, y, x = np.meshgrid(np.arange(channels), np.arange(height), np.arange(width), indexing="ij")
    if kind == "texture":
        return ((x + 2 * y + c * 71 + (x * y) % 5) & 0xFF).astype(np.uint8)
    ids = np.where((x // 40 + y // 30) % 3 == 0, (x // 40) % 5 + 1, 0)
    return (ids if kind == "instances" else np.where(ids > 0, 255, 0)).astype(np.uint8)


def resized(planes, out_height, out_width):
    """cv2.resize on an (H, W) or (H, W, C) image, as UCTransNet calls it; back to C order [C][H][W]."""
    image = planes[0] if planes.shape[0] == 1 else np.transpose(planes, (1, 2, 0))
    out = cv2.resize(image, (out_width, out_height))
    return out[None] if out.ndim == 2 else np.transpose(out, (2, 0, 1))


def main():
    arrays = {}
    for kind, channels, height, width, out_height, out_width in CASES:
        name = f"{kind}_{channels}x{height}x{width}_to_{out_height}x{out_width}"
        arrays[name] = np.ascontiguousarray(resized(source(kind, channels, height, width), out_height, out_width))
    arrays["opencv_version"] = np.frombuffer(cv2.__version__.encode(), dtype=np.uint8)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes) with OpenCV {cv2.__version__}")


if __name__ == "__main__":
    main()
