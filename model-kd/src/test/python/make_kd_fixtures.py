"""Golden fixtures for model-kd, computed with the reference libraries (torch, scipy).

Run from the repository root (re-runnable; it overwrites the files it writes):

    python3.11 -m venv ~/.cache/selfreg/torch-venv
    ~/.cache/selfreg/torch-venv/bin/pip install torch numpy scipy
    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/test/python/make_kd_fixtures.py

Writes to model-kd/src/test/resources/fixtures/:
  kd_loss.npz      KDloss of SelfReg-UNet (UNet combination) on random taps with recorded channel draws:
                   intra, inter, total and the gradient of total w.r.t. every tap; plus CE + Dice (TransUNet
                   DiceLoss) on random logits.
  unet_forward.npz UNet_hd (bilinear, align_corners=True) at base width 4: parameters in state-dict order,
                   an input, the train-mode logits and taps, and eval-mode logits after that train step.
  rotate.npz       scipy.ndimage.rotate(order=0, reshape=False) of one slice at several angles.
  train_steps.npz  10 training steps of the reference loop (trainer_unet.py: 0.4 CE + 0.6 Dice + KD, SGD momentum
                   0.9, wd 1e-4, poly lr set after each step) on a width-4 UNet_hd: initial state dict, the batches,
                   the channel draws, the first convolution's gradient after step 1 and the state dict after 10.
  adamw.npz        torch.optim.AdamW (constant lr, decoupled decay) on one tensor with given gradients.
  torch_unet_hd.npz  a width-4, 9-class UNet_hd with random weights saved as .pth and converted by
                   model-kd/src/main/python/convert_torch_checkpoint.py; torch_unet_io.npz: an input and its
                   eval-mode logits.

The loss and network code below is transcribed from SelfReg-UNet (trainer_unet.py KDloss, unet/unet_parts.py,
utils.DiceLoss) at commit 62a363a; Python's random.sample is the only source of randomness and its draws are saved.
"""
import importlib.util
import os
import random
import tempfile

import numpy as np
import scipy
import scipy.ndimage
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures")
CONVERTER = os.path.join(HERE, "..", "..", "main", "python", "convert_torch_checkpoint.py")


class RecordingSampler:
    """random.sample, recording every draw so Java can replay them in call order."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.draws = []

    def sample(self, population, k):
        picked = self.rng.sample(population, k)
        self.draws.append(np.array(picked, dtype=np.int64))
        return picked


class KDloss(nn.Module):
    """The reference KDloss (UNet variant), with random.sample routed through a recorder."""

    def __init__(self, lambda_x, sampler):
        super().__init__()
        self.lambda_x = lambda_x
        self.sampler = sampler

    def inter_fd(self, f_s, f_t):
        s_C, t_C, s_H, t_H = f_s.shape[1], f_t.shape[1], f_s.shape[2], f_t.shape[2]
        if s_H > t_H:
            f_s = F.adaptive_avg_pool2d(f_s, (t_H, t_H))
        elif s_H < t_H:
            f_t = F.adaptive_avg_pool2d(f_t, (s_H, s_H))
        idx_s = self.sampler.sample(range(s_C), min(s_C, t_C))
        idx_t = self.sampler.sample(range(t_C), min(s_C, t_C))
        inter_fd_loss = F.mse_loss(f_s[:, idx_s, :, :], f_t[:, idx_t, :, :].detach())
        return inter_fd_loss

    def intra_fd(self, f_s):
        sorted_s, indices_s = torch.sort(F.normalize(f_s, p=2, dim=(2, 3)).mean([0, 2, 3]), dim=0, descending=True)
        f_s = torch.index_select(f_s, 1, indices_s)
        intra_fd_loss = F.mse_loss(f_s[:, 0:f_s.shape[1] // 2, :, :], f_s[:, f_s.shape[1] // 2:f_s.shape[1], :, :])
        return intra_fd_loss

    def forward(self, feature, feature_decoder, final_up):
        f1, f2, f3, f4 = feature
        f1_d, f2_d, f3_d = feature_decoder
        intra = (self.intra_fd(f1) + self.intra_fd(f2) + self.intra_fd(f3) + self.intra_fd(f4)) / 4 \
            + (self.intra_fd(f1_d) + self.intra_fd(f2_d) + self.intra_fd(f3_d)) / 3
        inter = (self.inter_fd(f1_d, final_up) + self.inter_fd(f2_d, final_up) + self.inter_fd(f3_d, final_up)
                 + self.inter_fd(f1, final_up) + self.inter_fd(f2, final_up) + self.inter_fd(f3, final_up)
                 + self.inter_fd(f4, final_up)) / 7
        return intra, inter, (intra + inter) * self.lambda_x


class DiceLoss(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.n_classes = n_classes

    def _one_hot_encoder(self, input_tensor):
        tensor_list = [(input_tensor == i).unsqueeze(1) for i in range(self.n_classes)]
        return torch.cat(tensor_list, dim=1).float()

    def _dice_loss(self, score, target):
        target = target.float()
        smooth = 1e-5
        intersect = torch.sum(score * target)
        y_sum = torch.sum(target * target)
        z_sum = torch.sum(score * score)
        loss = (2 * intersect + smooth) / (z_sum + y_sum + smooth)
        return 1 - loss

    def forward(self, inputs, target, softmax=True):
        inputs = torch.softmax(inputs, dim=1)
        target = self._one_hot_encoder(target)
        loss = 0.0
        for i in range(self.n_classes):
            loss += self._dice_loss(inputs[:, i], target[:, i])
        return loss / self.n_classes


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels), nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.double_conv(x)


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(in_channels, out_channels))

    def forward(self, x):
        return self.maxpool_conv(x)


class Up(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
        self.conv = DoubleConv(in_channels, out_channels, in_channels // 2)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        diff_y = x2.size()[2] - x1.size()[2]
        diff_x = x2.size()[3] - x1.size()[3]
        x1 = F.pad(x1, [diff_x // 2, diff_x - diff_x // 2, diff_y // 2, diff_y - diff_y // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class UNetHd(nn.Module):
    """UNet_hd(bilinear=True) with the widths scaled by base / 64."""

    def __init__(self, n_channels, n_classes, base):
        super().__init__()
        b = base
        self.inc = DoubleConv(n_channels, b)
        self.down1 = Down(b, 2 * b)
        self.down2 = Down(2 * b, 4 * b)
        self.down3 = Down(4 * b, 8 * b)
        self.down4 = Down(8 * b, 16 * b // 2)
        self.up1 = Up(16 * b, 8 * b // 2)
        self.up2 = Up(8 * b, 4 * b // 2)
        self.up3 = Up(4 * b, 2 * b // 2)
        self.up4 = Up(2 * b, b)
        self.outc = nn.Conv2d(b, n_classes, kernel_size=1)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        x5 = self.down4(x4)
        u1 = self.up1(x5, x4)
        u2 = self.up2(u1, x3)
        u3 = self.up3(u2, x2)
        u4 = self.up4(u3, x1)
        logits = self.outc(u4)
        if self.training:
            return logits, [x2, x3, x4, x5], [u1, u2, u3], u4
        return logits


def kd_fixture():
    gen = torch.Generator().manual_seed(11)
    shapes = {"e1": (2, 8, 16, 16), "e2": (2, 16, 8, 8), "e3": (2, 32, 4, 4), "e4": (2, 32, 2, 2),
              "d1": (2, 16, 4, 4), "d2": (2, 8, 8, 8), "d3": (2, 4, 16, 16), "teacher": (2, 4, 32, 32)}
    feats = {k: torch.randn(s, generator=gen, dtype=torch.float32).requires_grad_(True) for k, s in shapes.items()}
    sampler = RecordingSampler(5)
    lambda_x = 0.015
    intra, inter, total = KDloss(lambda_x, sampler)(
        [feats["e1"], feats["e2"], feats["e3"], feats["e4"]], [feats["d1"], feats["d2"], feats["d3"]],
        feats["teacher"])
    total.backward()
    out = {k: v.detach().numpy() for k, v in feats.items()}
    # The teacher only enters detached, so torch leaves its .grad unset: that is a zero gradient.
    out.update({"grad_" + k: (v.grad if v.grad is not None else torch.zeros_like(v)).numpy() for k, v in feats.items()})
    out.update({"draw%02d" % i: d for i, d in enumerate(sampler.draws)})
    out["lambda"] = np.array(lambda_x, dtype=np.float64)
    out["intra"] = np.array(intra.item(), dtype=np.float64)
    out["inter"] = np.array(inter.item(), dtype=np.float64)
    out["total"] = np.array(total.item(), dtype=np.float64)

    logits = torch.randn((2, 9, 8, 8), generator=gen, dtype=torch.float32)
    labels = torch.randint(0, 9, (2, 8, 8), generator=gen)
    ce = nn.CrossEntropyLoss()(logits, labels)
    dice = DiceLoss(9)(logits, labels, softmax=True)
    out["seg_logits"] = logits.numpy()
    out["seg_labels"] = labels.numpy().astype(np.int64)
    out["seg_ce"] = np.array(ce.item(), dtype=np.float64)
    out["seg_dice"] = np.array(dice.item(), dtype=np.float64)
    np.savez(os.path.join(OUT, "kd_loss.npz"), **out)


def unet_fixture():
    torch.manual_seed(3)
    net = UNetHd(1, 3, 4)
    # Non-trivial BN affine parameters and running statistics, so a wrong mapping cannot pass.
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.8, 1.2)
    params = [(k, v.detach().clone().numpy()) for k, v in net.state_dict().items() if "num_batches_tracked" not in k]
    x = torch.rand((2, 1, 32, 32), generator=torch.Generator().manual_seed(4))
    net.train()
    logits, enc, dec, final = net(x)
    net.eval()
    with torch.no_grad():
        eval_logits = net(x)
    out = {"p%03d" % i: v for i, (_, v) in enumerate(params)}
    out["input"] = x.numpy()
    out["logits"] = logits.detach().numpy()
    for i, t in enumerate(enc):
        out["enc%d" % i] = t.detach().numpy()
    for i, t in enumerate(dec):
        out["dec%d" % i] = t.detach().numpy()
    out["teacher"] = final.detach().numpy()
    out["eval_logits"] = eval_logits.numpy()
    np.savez(os.path.join(OUT, "unet_forward.npz"), **out)


def rotate_fixture():
    rng = np.random.default_rng(9)
    image = rng.random((20, 20), dtype=np.float32)
    out = {"image": image}
    for angle in (-20, -7, 0, 13, 19):
        out["angle%+d" % angle] = scipy.ndimage.rotate(image, angle, order=0, reshape=False)
    np.savez(os.path.join(OUT, "rotate.npz"), **out)


def randomise_batch_norm(net, gen):
    """Non-trivial BN affine parameters and running statistics, so a wrong mapping cannot pass."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.rand(m.bias.shape, generator=gen) * 0.4 - 0.2)
                m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=gen) * 0.2 - 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) * 0.4 + 0.8)


def state_arrays(net, prefix):
    """The state dict without num_batches_tracked, in order, under numbered keys."""
    items = [v for k, v in net.state_dict().items() if "num_batches_tracked" not in k]
    return {"%s%03d" % (prefix, i): v.detach().clone().numpy() for i, v in enumerate(items)}


def train_steps_fixture():
    """The reference training loop (trainer_unet.py) for 10 iterations with max_iterations = 10."""
    torch.manual_seed(21)
    gen = torch.Generator().manual_seed(22)
    net = UNetHd(1, 3, 4)
    randomise_batch_norm(net, gen)
    out = state_arrays(net, "init")
    steps, base_lr, lambda_x = 10, 0.01, 0.1
    images = torch.rand((steps, 2, 1, 32, 32), generator=gen)
    labels = (images[:, :, 0] * 3).long().clamp(max=2)
    out["images"] = images.numpy()
    out["labels"] = labels.numpy().astype(np.int64)
    sampler = RecordingSampler(23)
    kd = KDloss(lambda_x, sampler)
    ce_loss, dice_loss = nn.CrossEntropyLoss(), DiceLoss(3)
    optimizer = torch.optim.SGD(net.parameters(), lr=base_lr, momentum=0.9, weight_decay=0.0001)
    net.train()
    losses = []
    for iter_num in range(steps):
        logits, enc, dec, final = net(images[iter_num])
        loss_ce = ce_loss(logits, labels[iter_num])
        loss_dice = dice_loss(logits, labels[iter_num], softmax=True)
        _, _, loss_kd = kd(enc, dec, final)
        loss = 0.4 * loss_ce + 0.6 * loss_dice + loss_kd
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if iter_num == 0:
            out["first_conv_grad"] = net.inc.double_conv[0].weight.grad.detach().clone().numpy()
        lr_ = base_lr * (1.0 - iter_num / steps) ** 0.9
        for param_group in optimizer.param_groups:
            param_group["lr"] = lr_
        losses.append(loss.item())
    out.update(state_arrays(net, "final"))
    out["losses"] = np.array(losses, dtype=np.float64)
    out.update({"draw%03d" % i: d for i, d in enumerate(sampler.draws)})
    np.savez(os.path.join(OUT, "train_steps.npz"), **out)


def adamw_fixture():
    gen = torch.Generator().manual_seed(31)
    w = torch.randn((2, 3), generator=gen).requires_grad_(True)
    grads = torch.randn((6, 2, 3), generator=gen)
    out = {"w0": w.detach().clone().numpy(), "grads": grads.numpy()}
    optimizer = torch.optim.AdamW([w], lr=0.01, weight_decay=0.1)
    weights = []
    for g in grads:
        w.grad = g.clone()
        optimizer.step()
        weights.append(w.detach().clone().numpy())
    out["weights"] = np.stack(weights)
    out["lr"] = np.array(0.01)
    out["weight_decay"] = np.array(0.1)
    np.savez(os.path.join(OUT, "adamw.npz"), **out)


def torch_checkpoint_fixture():
    """A .pth through the committed converter, as the authors' unet_synapse.pth would go."""
    spec = importlib.util.spec_from_file_location("convert_torch_checkpoint", CONVERTER)
    converter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(converter)
    torch.manual_seed(41)
    net = UNetHd(1, 9, 4)
    randomise_batch_norm(net, torch.Generator().manual_seed(42))
    with tempfile.TemporaryDirectory() as tmp:
        pth = os.path.join(tmp, "unet_hd.pth")
        torch.save(net.state_dict(), pth)
        converter.convert(pth, os.path.join(OUT, "torch_unet_hd.npz"))
    x = torch.rand((2, 1, 32, 32), generator=torch.Generator().manual_seed(43))
    net.eval()
    with torch.no_grad():
        logits = net(x)
    np.savez(os.path.join(OUT, "torch_unet_io.npz"), input=x.numpy(), eval_logits=logits.numpy())


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    kd_fixture()
    unet_fixture()
    rotate_fixture()
    train_steps_fixture()
    adamw_fixture()
    torch_checkpoint_fixture()
    print("torch", torch.__version__, "scipy", scipy.__version__, "numpy", np.__version__, "->", os.path.abspath(OUT))
