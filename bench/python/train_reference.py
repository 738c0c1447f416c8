"""Training steps of the reference PyTorch UNet_hd (trainer_unet.py step: forward, 0.4 CE + 0.6 Dice (+ KDloss),
zero_grad, backward, SGD momentum 0.9 wd 1e-4), full width, 1x224x224, on random data, one step per line read.

TrainStepBenchmark (./bench/run train) starts one process per batch size and KD setting and alternates it step by step
with the DJL trainer, so that both engines see the same machine load:
    python bench/python/train_reference.py <batch> <on|off>
prints the engine ("PyTorch <version>"), then for every line on stdin runs one step and prints its seconds.

The network and losses are imported from model-kd/src/test/python/make_kd_fixtures.py (the transcription the parity
fixtures use). Threads: 2 intra, 1 inter, as the DJL side. Device: the first GPU when torch sees one, else the CPU, as
the DJL trainer picks (RuntimeInfo.preferredDevice); on a GPU a step ends when its kernels have finished.
"""
import importlib.util
import os
import sys
import time
import types

import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
spec = importlib.util.spec_from_file_location(
    "make_kd_fixtures", os.path.join(ROOT, "model-kd", "src", "test", "python", "make_kd_fixtures.py"))
ref = importlib.util.module_from_spec(spec)
# make_kd_fixtures.py imports numpy and scipy for fixtures that the step does not use; a bare PyTorch install (the GPU
# check's machine, bench/gpu/run.sh) may lack them. Empty stand-ins let it load, and leave sys.modules right after:
# torch imports numpy lazily and must then find it missing, not empty.
stand_ins = [name for name in ("numpy", "scipy", "scipy.ndimage")
             if importlib.util.find_spec(name.partition(".")[0]) is None]
sys.modules.update({name: types.ModuleType(name) for name in stand_ins})
spec.loader.exec_module(ref)
for name in stand_ins:
    del sys.modules[name]


class PythonSampler:
    """random.sample, as the reference draws channels (nothing recorded)."""

    def __init__(self):
        import random
        self.rng = random.Random(1234)

    def sample(self, population, k):
        return self.rng.sample(population, k)


def serve(net, make_optimizer, batch, with_kd):
    """The step loop for the network given and the optimizer make_optimizer(parameters) builds (bench/python/
    uctransnet_step.py reuses it): 0.4 CE + 0.6 Dice (+ KDloss, lambda 0.015, on the UNet tap layout), zero_grad,
    backward, step, on one fixed random batch. 2 intra-op threads and 1 inter-op, as the DJL side."""
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    net = net.to(device)
    net.train()
    # After the move to the device: the optimizer holds the parameters, as the reference trainer builds it.
    optimizer = make_optimizer(net.parameters())
    ce, dice, kd = nn.CrossEntropyLoss(), ref.DiceLoss(9), ref.KDloss(0.015, PythonSampler())
    x = torch.rand((batch, 1, 224, 224)).to(device)
    y = torch.randint(0, 9, (batch, 224, 224)).to(device)
    print("PyTorch %s%s" % (torch.__version__, "" if device.type == "cpu" else " (cuda)"), flush=True)
    for _ in sys.stdin:
        start = time.perf_counter()
        logits, enc, dec, final = net(x)
        loss = 0.4 * ce(logits, y) + 0.6 * dice(logits, y, softmax=True)
        if with_kd:
            loss = loss + kd(enc, dec, final)[2]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        print(time.perf_counter() - start, flush=True)


def parse_args(script):
    if len(sys.argv) != 3 or sys.argv[2] not in ("on", "off"):
        sys.exit("usage: %s <batch> <on|off>" % script)
    return int(sys.argv[1]), sys.argv[2] == "on"


if __name__ == "__main__":
    batch, with_kd = parse_args("train_reference.py")
    torch.manual_seed(1234)
    serve(ref.UNetHd(1, 9, 64), lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, weight_decay=0.0001), batch,
          with_kd)
