"""The reference KDloss alone, forward and backward, on random feature maps shaped as full-width UNet_hd's taps at
224² (the Java side: KdLossBenchmark). Threads: 2 intra, 1 inter.

Run through ./bench/run kd, or directly:
    ~/.cache/selfreg/torch-venv/bin/python bench/python/kd_reference.py <batch sizes, e.g. 8,24> <repetitions> <warm-up>
"""
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_reference import PythonSampler, ref  # noqa: E402  (the fixtures' transcription of the reference)

ENCODER = [(128, 112), (256, 56), (512, 28), (512, 14)]
DECODER = [(256, 28), (128, 56), (64, 112)]
TEACHER = (64, 224)


def random_map(batch, channels, side):
    return torch.randn(batch, channels, side, side, requires_grad=True)


def main(batches, repetitions, warm_up):
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1234)
    kd = ref.KDloss(1.0, PythonSampler())
    for batch in batches:
        times = []
        for _ in range(warm_up + repetitions):
            encoder = [random_map(batch, c, s) for c, s in ENCODER]
            decoder = [random_map(batch, c, s) for c, s in DECODER]
            teacher = random_map(batch, *TEACHER)
            start = time.perf_counter()
            kd(encoder, decoder, teacher)[2].backward()
            times.append(time.perf_counter() - start)
        print(f"| PyTorch {torch.__version__} | {batch} | {statistics.median(times[warm_up:]) * 1e3:.0f} |")


if __name__ == "__main__":
    main([int(b) for b in sys.argv[1].split(",")], int(sys.argv[2]), int(sys.argv[3]))
