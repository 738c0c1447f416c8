"""Golden fixtures for UCTransNet's optimizer and learning-rate schedule, computed with torch.

Run from the repository root (re-runnable; it overwrites the files it writes):

    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/test/python/make_optim_fixtures.py

McGregorWwww/UCTransNet trains with torch.optim.Adam(lr=1e-3) and CosineAnnealingWarmRestarts(T_0=10, T_mult=1,
eta_min=1e-4) (train_model.py; utils.py holds a copy of torch's scheduler), stepping the scheduler once per epoch
(Train_one_epoch.py, after the validation pass). Each fixture feeds fixed gradients to plain tensors shaped like a
small convolution (weight and bias), records the learning rate every optimizer step ran at ("lrs", float64) and the
tensors after every step ("<name>_steps"), and stores its settings as float64 scalars.

Writes to model-kd/src/test/resources/fixtures/:
  adam_cosine.npz      the recipe: Adam lr 1e-3, no weight decay, cosine T_0 10, T_mult 1, eta_min 1e-4, stepped
                       after every epoch of 2 iterations; 13 epochs (26 steps), so one warm restart. The initial
                       tensors are small (0.01) so that the updates, not the starting values, set the relative error.
  adam_l2_growing.npz  Adam with L2 weight decay 0.5 (large beside the gradients, so L2 and decoupled decay differ
                       clearly), cosine T_0 3, T_mult 2, eta_min 1e-5 stepped after every iteration; 25 steps,
                       restarts after 3, 9 and 21.
  cosine_rates.npz     the rates of 130 argument-less scheduler steps for T_0 1, T_mult 3, eta_min 0.01, base 0.1:
                       step 121 restarts, where torch's closed form step(121) rounds log(243, 3) down to 4 and
                       gives eta_min.
"""
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures")
SHAPES = {"weight": (3, 2, 3, 3), "bias": (3,)}


def scalars(**values):
    return {k: np.array(v, dtype=np.float64) for k, v in values.items()}


def adam_fixture(name, seed, lr, weight_decay, t0, t_mult, eta_min, epochs, iterations_per_epoch, init_scale,
                 grad_scale):
    gen = torch.Generator().manual_seed(seed)
    params = {k: (init_scale * torch.randn(s, generator=gen)).requires_grad_(True) for k, s in SHAPES.items()}
    steps = epochs * iterations_per_epoch
    # Gradients of varying size from step to step, so the second moment matters.
    grads = {k: grad_scale * torch.randn((steps,) + s, generator=gen)
             * torch.exp(0.5 * torch.randn((steps,) + (1,) * len(s), generator=gen)) for k, s in SHAPES.items()}
    out = {k + "0": p.detach().clone().numpy() for k, p in params.items()}
    out.update({k + "_grads": g.numpy() for k, g in grads.items()})
    optimizer = torch.optim.Adam(params.values(), lr=lr, weight_decay=weight_decay)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=t0, T_mult=t_mult,
                                                                     eta_min=eta_min)
    lrs = []
    trajectory = {k: [] for k in params}
    for epoch in range(epochs):
        for i in range(iterations_per_epoch):
            step = epoch * iterations_per_epoch + i
            for k, p in params.items():
                p.grad = grads[k][step].clone()
            lrs.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            for k, p in params.items():
                trajectory[k].append(p.detach().clone().numpy())
        scheduler.step()
    out.update({k + "_steps": np.stack(v) for k, v in trajectory.items()})
    out["lrs"] = np.array(lrs, dtype=np.float64)
    out.update(scalars(lr=lr, weight_decay=weight_decay, t0=t0, t_mult=t_mult, eta_min=eta_min,
                       iterations_per_epoch=iterations_per_epoch))
    np.savez(os.path.join(OUT, name), **out)


def cosine_rates_fixture():
    base, t0, t_mult, eta_min = 0.1, 1, 3, 0.01
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=t0, T_mult=t_mult,
                                                                     eta_min=eta_min)
    lrs = []
    for _ in range(130):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    out = {"lrs": np.array(lrs, dtype=np.float64)}
    out.update(scalars(lr=base, t0=t0, t_mult=t_mult, eta_min=eta_min))
    np.savez(os.path.join(OUT, "cosine_rates.npz"), **out)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    adam_fixture("adam_cosine.npz", 51, lr=1e-3, weight_decay=0.0, t0=10, t_mult=1, eta_min=1e-4, epochs=13,
                 iterations_per_epoch=2, init_scale=0.01, grad_scale=1.0)
    adam_fixture("adam_l2_growing.npz", 52, lr=1e-2, weight_decay=0.5, t0=3, t_mult=2, eta_min=1e-5, epochs=25,
                 iterations_per_epoch=1, init_scale=0.1, grad_scale=0.01)
    cosine_rates_fixture()
    print("torch", torch.__version__, "numpy", np.__version__, "->", os.path.abspath(OUT))
