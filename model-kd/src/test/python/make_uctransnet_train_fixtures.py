"""Golden fixture for ten training steps of the DJL UCTransNet with the original's optimizer and schedule.

Run from the repository root (re-runnable; it overwrites the file it writes, and its output is deterministic):

    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/test/python/make_uctransnet_train_fixtures.py

The network is make_uctransnet_fixtures.py's restatement of McGregorWwww/UCTransNet (nets/UCTransNet.py,
nets/CTrans.py) with one input channel, as the trainer builds it, and dropout 0 (torch's dropout masks cannot be
replayed). The optimizer is the original's (train_model.py): torch.optim.Adam(lr=1e-3), no weight decay, and
CosineAnnealingWarmRestarts(T_0=10, T_mult=1, eta_min=1e-4) stepped once per epoch; here an epoch is one step, so
the rate falls from 1e-3 towards 1e-4 over the ten steps. The loss is the KD step of make_uctransnet_fixtures.py:
0.4 CE + 0.6 Dice + SelfReg KD (UNet combination, make_kd_fixtures.KDloss with recorded channel draws).

Everything after the start (drawn in float32) runs in float64: in float32 Adam turns rounding noise in near-zero
gradients into lr-sized steps, and the trajectory turns chaotic from step 7 on; in float64 this script under
ATEN_CPU_CAPABILITY=default, avx2 and native AVX-512 agrees with itself to 1e-13 on the losses and 1e-10 on the final
parameters. Compare kernels from the file's init, not by regenerating it: torch.randn's vectorised path differs
between kernels and moves a few float16-rounded start values. The generator seed is one whose first batch gives
every BatchNorm a varying input (require_varying_batch_norm_inputs); many seeds do not at base width 2.

Writes model-kd/src/test/resources/uctransnet/train_steps.npz (base width 2, 1 -> 4 classes, 32x32, batch 2):
  init     every state-dict entry (parameters and BN running statistics, in state-dict order) flattened into one
           float16 array: the network starts from exactly these values, at half the file size
  final    the same entries after step 10, float64
  images   (10, 2, 1, 32, 32) float32, one batch per step; labels (10, 2, 32, 32) uint8
  losses   each step's loss (float64); rates: the rate each step used (float64)
  draw000.. the channel draws of every step, in call order
"""
import copy
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_kd_fixtures import DiceLoss, KDloss, RecordingSampler  # noqa: E402
from make_uctransnet_fixtures import OUT, UCTransNet, perturb, require_varying_batch_norm_inputs  # noqa: E402

CLASSES, BASE, SIDE, BATCH = 4, 2, 32, 2
STEPS = 10
LAMBDA = 0.1
LR, T0, ETA_MIN = 1e-3, 10, 1e-4  # train_model.py: Adam(lr=config.learning_rate), the scheduler's arguments


def flat_state(model):
    return np.concatenate([v.detach().reshape(-1).numpy() for k, v in model.state_dict().items()
                           if "num_batches_tracked" not in k])


def round_to_half(model):
    """Every state entry rounded to float16, so the float16 file holds the start exactly."""
    with torch.no_grad():
        for k, v in model.state_dict().items():
            if v.is_floating_point():
                v.copy_(v.half().float())


def main():
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(9)
    model = UCTransNet(1, CLASSES, BASE, SIDE, dropout=0.0)
    perturb(model, gen)
    round_to_half(model)
    out = {"init": flat_state(model).astype(np.float16)}
    images = torch.rand((STEPS, BATCH, 1, SIDE, SIDE), generator=gen)
    labels = torch.randint(0, CLASSES, (STEPS, BATCH, SIDE, SIDE), generator=gen)
    require_varying_batch_norm_inputs(copy.deepcopy(model), images[0])  # a copy: train-mode BN moves its statistics
    # Float64 from here on (the draws above stay float32, so the seed's start is unchanged): see the module docstring.
    torch.set_default_dtype(torch.float64)
    model.double()
    images = images.double()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=T0, T_mult=1, eta_min=ETA_MIN)
    sampler = RecordingSampler(7)
    kd = KDloss(LAMBDA, sampler)
    losses, rates = [], []
    model.train()
    for step in range(STEPS):
        optimizer.zero_grad()
        logits, enc, dec, teacher = model(images[step])
        loss = (0.4 * nn.CrossEntropyLoss()(logits, labels[step])
                + 0.6 * DiceLoss(CLASSES)(logits, labels[step]) + kd(enc, dec, teacher)[2])
        loss.backward()
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()  # Train_one_epoch.py steps the scheduler once per epoch; one step is an epoch here
        losses.append(loss.item())
    out.update(final=flat_state(model), images=images.float().numpy(), labels=labels.numpy().astype(np.uint8),
               losses=np.array(losses, dtype=np.float64), rates=np.array(rates, dtype=np.float64),
               **{"draw%03d" % i: d for i, d in enumerate(sampler.draws)})
    np.savez(os.path.join(OUT, "train_steps.npz"), **out)
    print("torch", torch.__version__, "rates", ["%.3g" % r for r in rates], "losses", ["%.4f" % v for v in losses])


if __name__ == "__main__":
    main()
