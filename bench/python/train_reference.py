"""Training-step throughput of the reference PyTorch UNet_hd (trainer_unet.py step: forward, 0.4 CE + 0.6 Dice
(+ KDloss), zero_grad, backward, SGD momentum 0.9 wd 1e-4), full width, 1x224x224, on random data.

Run through ./bench/run train, or directly:
    ~/.cache/selfreg/torch-venv/bin/python bench/python/train_reference.py <batch sizes, e.g. 8,24> <steps> <warm-up>

The network and losses are imported from model-kd/src/test/python/make_kd_fixtures.py (the transcription the parity
fixtures use). KD on and off are interleaved ABAB so both see the same machine load; threads: 2 intra, 1 inter.
"""
import importlib.util
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
spec = importlib.util.spec_from_file_location(
    "make_kd_fixtures", os.path.join(ROOT, "model-kd", "src", "test", "python", "make_kd_fixtures.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


class PythonSampler:
    """random.sample, as the reference draws channels (nothing recorded)."""

    def __init__(self):
        import random
        self.rng = random.Random(1234)

    def sample(self, population, k):
        return self.rng.sample(population, k)


def main(batches, steps, warm_up):
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1234)
    print("| engine | batch | KD | median ms/step | img/s |")
    print("|---|---|---|---|---|")
    for batch in batches:
        net = ref.UNetHd(1, 9, 64)
        net.train()
        optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=0.0001)
        ce, dice, kd = nn.CrossEntropyLoss(), ref.DiceLoss(9), ref.KDloss(0.015, PythonSampler())
        x = torch.rand((batch, 1, 224, 224))
        y = torch.randint(0, 9, (batch, 224, 224))
        times = {False: [], True: []}
        for _ in range(warm_up + steps):
            for with_kd in (False, True):
                start = time.perf_counter()
                logits, enc, dec, final = net(x)
                loss = 0.4 * ce(logits, y) + 0.6 * dice(logits, y, softmax=True)
                if with_kd:
                    loss = loss + kd(enc, dec, final)[2]
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                times[with_kd].append(time.perf_counter() - start)
        for with_kd in (False, True):
            median = statistics.median(times[with_kd][warm_up:])
            print("| PyTorch %s | %d | %s | %.0f | %.2f |" % (torch.__version__, batch, "on" if with_kd else "off",
                                                           median * 1e3, batch / median))


if __name__ == "__main__":
    main([int(b) for b in sys.argv[1].split(",")], int(sys.argv[2]), int(sys.argv[3]))
