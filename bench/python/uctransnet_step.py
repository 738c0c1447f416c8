"""Training steps of the PyTorch UCTransNet restatement for ./bench/run uctransnet (UCTransNetStepBenchmark), one
step per line read, as bench/python/train_reference.py serves the UNet_hd steps and with its loop: forward, 0.4 CE +
0.6 Dice (+ SelfReg KDloss on the taps x2..x5 / up4..up2 / up1, lambda 0.015), zero_grad, backward, Adam (lr 1e-3,
UCTransNet's train_model.py). Full width, the Synapse shape: 1 input channel, 9 classes, 224x224, base 64, the
original's dropout 0.1.
    python bench/python/uctransnet_step.py <batch> <on|off>      (venv: torch numpy, as the fixture script)

The network is the one the parity fixtures are made from (model-kd/src/test/python/make_uctransnet_fixtures.py).
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "model-kd", "src", "test", "python"))
from make_uctransnet_fixtures import UCTransNet  # noqa: E402
from train_reference import parse_args, serve  # noqa: E402

if __name__ == "__main__":
    batch, with_kd = parse_args("uctransnet_step.py")
    torch.manual_seed(1234)
    serve(UCTransNet(1, 9, 64, 224), lambda p: torch.optim.Adam(p, lr=1e-3), batch, with_kd)
