"""Golden fixture for UCTransNet's binary segmentation loss, computed with torch in float64.

Run from the repository root (re-runnable; it overwrites the file it writes):

    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/test/python/make_binary_loss_fixtures.py

McGregorWwww/UCTransNet (utils.py) trains its one-channel sigmoid networks with WeightedDiceBCE(dice_weight=0.5,
BCE_weight=0.5) (train_model.py), which combines
  WeightedBCE(weights=[0.5, 0.5]):      F.binary_cross_entropy per pixel, the mean over the foreground pixels and the
                                        mean over the background pixels of the whole batch (counts taken with .item()
                                        plus 1e-12), each weighted 0.5;
  WeightedDiceLoss(weights=[0.5, 0.5]): per image 1 - (2 sum(p t) + 1e-5) / (sum(p^2) + sum(t^2) + 1e-5) after
                                        scaling p and t by 0.5, then the mean over the images.
Both are restated below. The network applies the sigmoid itself (nn.Sigmoid after outc), so the fixture holds the
logits before it and the gradient of the loss with respect to them.

Writes model-kd/src/test/resources/fixtures/binary_loss.npz: per case k (0: two images with glands, 1: one image
without foreground, so that the foreground count is zero for it only, 2: a batch without foreground at all)
logits_k (B, 1, H, W), labels_k (B, H, W) int64, bce_k, dice_k, total_k (0.5 / 0.5) and grad_k (d total / d logits).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "binary_loss.npz")


def weighted_bce(p, t):
    per_pixel = F.binary_cross_entropy(p.reshape(-1), t.reshape(-1), reduction="none")
    positive = (t.reshape(-1) > 0.5).double()
    negative = (t.reshape(-1) < 0.5).double()
    positive_count = positive.sum().item() + 1e-12
    negative_count = negative.sum().item() + 1e-12
    return (0.5 * positive * per_pixel / positive_count + 0.5 * negative * per_pixel / negative_count).sum()


def weighted_dice(p, t):
    batch = p.shape[0]
    p = p.reshape(batch, -1)
    t = t.reshape(batch, -1)
    weight = t * (0.5 - 0.5) + 0.5
    p = weight * p
    t = weight * t
    intersection = (p * t).sum(-1)
    union = (p * p).sum(-1) + (t * t).sum(-1)
    return (1 - (2 * intersection + 1e-5) / (union + 1e-5)).mean()


def case(gen, batch, side, foreground):
    logits = (torch.randn(batch, 1, side, side, generator=gen, dtype=torch.float64) * 3).requires_grad_(True)
    labels = (torch.rand(batch, side, side, generator=gen, dtype=torch.float64) < 0.4).long()
    for image, keep in enumerate(foreground):
        if not keep:
            labels[image] = 0
    p = torch.sigmoid(logits)
    t = labels.double().unsqueeze(1)
    bce = weighted_bce(p, t)
    dice = weighted_dice(p, t)
    total = 0.5 * dice + 0.5 * bce
    total.backward()
    return logits.detach().numpy(), labels.numpy(), bce.item(), dice.item(), total.item(), logits.grad.numpy()


def main():
    gen = torch.Generator().manual_seed(17)
    arrays = {}
    for k, foreground in enumerate([[True, True], [True, False], [False, False]]):
        logits, labels, bce, dice, total, grad = case(gen, 2, 8, foreground)
        arrays.update({f"logits_{k}": logits, f"labels_{k}": labels, f"bce_{k}": np.float64(bce),
                       f"dice_{k}": np.float64(dice), f"total_{k}": np.float64(total), f"grad_{k}": grad})
    np.savez(OUT, **arrays)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
