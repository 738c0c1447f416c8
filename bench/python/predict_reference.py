"""The reference's whole-volume inference, for PredictBenchmark (./bench/run predict): full-width UNet_hd (1 -> 9
classes, base 64, 224x224) run slice by slice over a windowed volume as test_single_volume in SelfReg-UNet's utils.py
(copied from TransUNet) does it: each slice zoomed to 224 with scipy.ndimage.zoom order 3, one forward pass per slice,
argmax of the softmax, the class map zoomed back with order 0.

    python bench/python/predict_reference.py weights <dir> <count> <seed>
        writes <dir>/model-<i>.pth (a freshly initialised UNet_hd's state dict, torch.manual_seed(seed + i)) and
        <dir>/model-<i>.npz (the same, converted by model-kd/src/main/python/convert_torch_checkpoint.py) for
        i < count
    python bench/python/predict_reference.py time <model.pth> <volume.npz> <threads> [<prediction.npz>]
        prints the engine ("PyTorch <version>"), then the seconds of test_single_volume on the volume's 'image'
        (float32 [D][H][W]) after one untimed slice; writes the class map to <prediction.npz> ('prediction', uint8)
        when given. Threads: <threads> intra-op, 1 inter-op.
"""
import importlib.util
import os
import sys
import time

import numpy as np
import torch
from scipy.ndimage import zoom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_reference import ROOT, ref  # noqa: E402  (the fixtures' transcription of UNet_hd)

CLASSES = 9
BASE_WIDTH = 64
PATCH = 224


def converter():
    """model-kd/src/main/python/convert_torch_checkpoint.py, the converter users run on a trained .pth."""
    path = os.path.join(ROOT, "model-kd", "src", "main", "python", "convert_torch_checkpoint.py")
    spec = importlib.util.spec_from_file_location("convert_torch_checkpoint", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_weights(out_dir, count, seed):
    os.makedirs(out_dir, exist_ok=True)
    convert = converter().convert
    for i in range(count):
        torch.manual_seed(seed + i)
        pth = os.path.join(out_dir, "model-%d.pth" % i)
        torch.save(ref.UNetHd(1, CLASSES, BASE_WIDTH).state_dict(), pth)
        convert(pth, os.path.join(out_dir, "model-%d.npz" % i))


def predict_slice(net, image_slice):
    """One iteration of test_single_volume's loop (CPU instead of .cuda())."""
    x, y = image_slice.shape
    if x != PATCH or y != PATCH:
        image_slice = zoom(image_slice, (PATCH / x, PATCH / y), order=3)
    net_input = torch.from_numpy(image_slice).unsqueeze(0).unsqueeze(0).float()
    net.eval()
    with torch.no_grad():
        outputs = net(net_input)
        out = torch.argmax(torch.softmax(outputs, dim=1), dim=1).squeeze(0)
        out = out.cpu().detach().numpy()
        return zoom(out, (x / PATCH, y / PATCH), order=0) if x != PATCH or y != PATCH else out


def test_single_volume(net, image):
    """The prediction part of test_single_volume (its metrics and NIfTI export are not timed)."""
    prediction = np.zeros(image.shape, dtype=np.float32)
    for ind in range(image.shape[0]):
        prediction[ind] = predict_slice(net, image[ind, :, :])
    return prediction


def time_volume(pth, volume, threads, prediction_file):
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    net = ref.UNetHd(1, CLASSES, BASE_WIDTH)
    net.load_state_dict(torch.load(pth, map_location="cpu", weights_only=True))
    image = np.load(volume)["image"]
    print("PyTorch %s" % torch.__version__, flush=True)
    predict_slice(net, image[0])
    start = time.perf_counter()
    prediction = test_single_volume(net, image)
    print(time.perf_counter() - start, flush=True)
    if prediction_file:
        np.savez(prediction_file, prediction=prediction.astype(np.uint8))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "weights":
        write_weights(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) in (5, 6) and sys.argv[1] == "time":
        time_volume(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] if len(sys.argv) == 6 else None)
    else:
        sys.exit(__doc__)
