"""PyTorch reference for bench/swin.sh: images/s of a Swin-UNet (swin_tiny lite, 9 classes, 224) training step,
forward + 0.4 CE + 0.6 Dice (+ SelfReg Swin KDloss, lambda 0.01) + backward + SGD(0.9, wd 1e-4), steps without and
with KD interleaved. The network, KDloss and DiceLoss are the vendored reference code of the model-kd fixture scripts.

Usage: python swin_train_step.py <batch> <warm-up pairs> <measured pairs>   (venv: torch numpy timm einops)
"""
import os
import random
import statistics
import sys
import time

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "model-kd", "src", "test", "python"))
from make_kd_fixtures import DiceLoss  # noqa: E402
from make_swin_fixtures import KDloss, SwinUnet  # noqa: E402


class PythonRandom:
    """random.sample, as the reference KDloss calls it (KDloss here takes a sampler object)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def sample(self, population, k):
        return self.rng.sample(population, k)


def main(batch, warmup, pairs):
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1234)
    model = SwinUnet(img_size=224, num_classes=9, embed_dim=96, depths=[2, 2, 2, 2], num_heads=[3, 6, 12, 24],
                     window_size=7, drop_path_rate=0.2)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    ce, dice = nn.CrossEntropyLoss(), DiceLoss(9)
    kd = KDloss(0.01, PythonRandom(7))

    def step(with_kd):
        start = time.perf_counter()
        images = torch.rand(batch, 1, 224, 224)
        labels = torch.randint(0, 9, (batch, 224, 224))
        logits, feature, feature_decoder, final_up = model(images)
        loss = 0.4 * ce(logits, labels) + 0.6 * dice(logits, labels, softmax=True)
        if with_kd:
            loss = loss + kd.terms(feature, feature_decoder, final_up)[2]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return (time.perf_counter() - start) * 1000

    plain, with_kd = [], []
    for i in range(warmup + pairs):
        a, b = step(False), step(True)
        if i >= warmup:
            plain.append(a)
            with_kd.append(b)
    for name, ms in (("torch no KD", plain), ("torch with KD", with_kd)):
        median = statistics.median_high(ms)
        print("%-13s median %7.0f ms (min %7.0f)  %6.2f img/s  %s" % (name, median, min(ms), batch * 1000 / median,
                                                                    [round(x) for x in ms]))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
