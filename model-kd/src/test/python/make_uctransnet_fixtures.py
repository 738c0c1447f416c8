"""Golden fixtures for the DJL UCTransNet (org.selfreg.model.uctransnet), from a PyTorch restatement of the original.

Run from the repository root (re-runnable; it overwrites the files it writes, and its output is deterministic):

    ~/.cache/selfreg/torch-venv/bin/python model-kd/src/test/python/make_uctransnet_fixtures.py

The network below restates UCTransNet (repository McGregorWwww/UCTransNet, nets/UCTransNet.py and nets/CTrans.py;
hyper-parameters from Config.py get_CTranS_config) with the same module and parameter names, so its state dict has
the original's keys in the original's order and its parameter counts are the original's (checked on every run:
66,430,025 for 1 -> 9 classes and 66,430,657 for 3 -> 1 at base 64, 224). Differences, none numerical: the per-scale
code paths are loops, the vis/attention-weight outputs are dropped, n_classes == 1 returns logits (the sigmoid
belongs to the BCE loss), the KV size is the sum of the widths (960 at base 64, as Config.py fixes it), and a
training-mode pass also returns the SelfReg taps the project proposes (encoder x2..x5 before CTrans, decoder
up4..up2, teacher up1).

Writes to model-kd/src/test/resources/uctransnet/ (SMALL below: base width 2, 3 -> 4 classes, 32x32, batch 2):
  weights.npz  seeded random parameters and BN running statistics in state-dict order, keyed by state-dict name
  forward.npz  an input; eval-mode logits (running statistics, dropout off); then a training-mode pass (dropout 0):
               logits, taps enc0..3 / dec0..2 / teacher; the KD step loss = 0.4 CE + 0.6 Dice + SelfReg KD (UNet
               combination, make_kd_fixtures.KDloss with recorded channel draws draw00..) on labels; its value and
               the gradient of every parameter (grad.<state-dict name>)
  instance_norm.npz  nn.InstanceNorm2d (affine=False) on scores of the attention's shape with a per-slice offset and
               scale: input, output, and the gradient of sum(output * weights) w.r.t. the input
"""
import copy
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "uctransnet")
sys.path.insert(0, HERE)
from make_kd_fixtures import DiceLoss, KDloss, RecordingSampler  # noqa: E402

SMALL = dict(in_channels=3, classes=4, base=2, img_size=32)
BATCH = 2
PATCHES = (16, 8, 4, 2)  # Config.py patch_sizes
HEADS, LAYERS, EXPAND = 4, 4, 4  # Config.py num_heads, num_layers, expand_ratio
LAYER_NORM_EPS = 1e-6  # CTrans.py LayerNorm(..., eps=1e-6)


class ConvBatchNorm(nn.Module):
    """Conv3x3 (with bias) - BN - ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size=3, padding=1)
        self.norm = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.norm(self.conv(x)))


def two_convs(cin, cout):
    return nn.Sequential(ConvBatchNorm(cin, cout), ConvBatchNorm(cout, cout))


class DownBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.nConvs = two_convs(cin, cout)

    def forward(self, x):
        return self.nConvs(F.max_pool2d(x, 2))


class CCA(nn.Module):
    """Channel gate on the skip from the global means of the skip (x) and the up-sampled map (g)."""

    def __init__(self, channels):
        super().__init__()
        self.mlp_x = nn.Sequential(nn.Flatten(), nn.Linear(channels, channels))
        self.mlp_g = nn.Sequential(nn.Flatten(), nn.Linear(channels, channels))

    def forward(self, g, x):
        pooled_x = F.avg_pool2d(x, x.shape[2:], stride=x.shape[2:])
        pooled_g = F.avg_pool2d(g, g.shape[2:], stride=g.shape[2:])
        gate = torch.sigmoid((self.mlp_x(pooled_x) + self.mlp_g(pooled_g)) / 2.0)
        return F.relu(x * gate[:, :, None, None])


class UpBlock_attention(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.coatt = CCA(cin // 2)
        self.nConvs = two_convs(cin, cout)

    def forward(self, x, skip):
        up = F.interpolate(x, scale_factor=2, mode="nearest")
        return self.nConvs(torch.cat([self.coatt(up, skip), up], dim=1))


class Channel_Embeddings(nn.Module):
    def __init__(self, patch, side, channels, dropout):
        super().__init__()
        self.patch_embeddings = nn.Conv2d(channels, channels, kernel_size=patch, stride=patch)
        self.position_embeddings = nn.Parameter(torch.zeros(1, (side // patch) ** 2, channels))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        tokens = self.patch_embeddings(x).flatten(2).transpose(-1, -2)
        return self.dropout(tokens + self.position_embeddings)


class Reconstruct(nn.Module):
    def __init__(self, channels, patch):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=1)
        self.norm = nn.BatchNorm2d(channels)
        self.patch = patch

    def forward(self, tokens):
        b, n, c = tokens.shape
        side = int(np.sqrt(n))
        x = tokens.permute(0, 2, 1).contiguous().view(b, c, side, side)
        x = F.interpolate(x, scale_factor=self.patch, mode="nearest")
        return F.relu(self.norm(self.conv(x)))


class Attention_org(nn.Module):
    """Channel-wise cross attention: per-scale queries against keys/values of all scales' concatenated channels."""

    def __init__(self, widths, dropout):
        super().__init__()
        self.kv_size = sum(widths)
        for i, c in enumerate(widths, 1):
            setattr(self, "query%d" % i, nn.ModuleList(nn.Linear(c, c, bias=False) for _ in range(HEADS)))
        self.key = nn.ModuleList(nn.Linear(self.kv_size, self.kv_size, bias=False) for _ in range(HEADS))
        self.value = nn.ModuleList(nn.Linear(self.kv_size, self.kv_size, bias=False) for _ in range(HEADS))
        self.psi = nn.InstanceNorm2d(HEADS)
        for i, c in enumerate(widths, 1):
            setattr(self, "out%d" % i, nn.Linear(c, c, bias=False))
        self.attn_dropout = nn.Dropout(dropout)
        self.proj_dropout = nn.Dropout(dropout)

    def forward(self, embs, emb_all):
        keys = torch.stack([k(emb_all) for k in self.key], dim=1)
        values = torch.stack([v(emb_all) for v in self.value], dim=1).transpose(-1, -2)
        outs = []
        for i, emb in enumerate(embs, 1):
            queries = torch.stack([q(emb) for q in getattr(self, "query%d" % i)], dim=1).transpose(-1, -2)
            scores = torch.matmul(queries, keys) / math.sqrt(self.kv_size)
            probs = self.attn_dropout(torch.softmax(self.psi(scores), dim=3))
            context = torch.matmul(probs, values).permute(0, 3, 2, 1).contiguous().mean(dim=3)
            outs.append(self.proj_dropout(getattr(self, "out%d" % i)(context)))
        return outs


class Mlp(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.fc1 = nn.Linear(channels, channels * EXPAND)
        self.fc2 = nn.Linear(channels * EXPAND, channels)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))  # Config.py dropout_rate = 0


class Block_ViT(nn.Module):
    def __init__(self, widths, dropout):
        super().__init__()
        for i, c in enumerate(widths, 1):
            setattr(self, "attn_norm%d" % i, nn.LayerNorm(c, eps=LAYER_NORM_EPS))
        self.attn_norm = nn.LayerNorm(sum(widths), eps=LAYER_NORM_EPS)
        self.channel_attn = Attention_org(widths, dropout)
        for i, c in enumerate(widths, 1):
            setattr(self, "ffn_norm%d" % i, nn.LayerNorm(c, eps=LAYER_NORM_EPS))
        for i, c in enumerate(widths, 1):
            setattr(self, "ffn%d" % i, Mlp(c))

    def forward(self, embs):
        emb_all = self.attn_norm(torch.cat(embs, dim=2))
        normed = [getattr(self, "attn_norm%d" % i)(e) for i, e in enumerate(embs, 1)]
        embs = [e + a for e, a in zip(embs, self.channel_attn(normed, emb_all))]
        return [e + getattr(self, "ffn%d" % i)(getattr(self, "ffn_norm%d" % i)(e)) for i, e in enumerate(embs, 1)]


class Encoder(nn.Module):
    def __init__(self, widths, dropout):
        super().__init__()
        self.layer = nn.ModuleList(Block_ViT(widths, dropout) for _ in range(LAYERS))
        for i, c in enumerate(widths, 1):
            setattr(self, "encoder_norm%d" % i, nn.LayerNorm(c, eps=LAYER_NORM_EPS))

    def forward(self, embs):
        for layer in self.layer:
            embs = layer(embs)
        return [getattr(self, "encoder_norm%d" % i)(e) for i, e in enumerate(embs, 1)]


class ChannelTransformer(nn.Module):
    def __init__(self, img_size, widths, dropout):
        super().__init__()
        for i, (c, p) in enumerate(zip(widths, PATCHES), 1):
            setattr(self, "embeddings_%d" % i, Channel_Embeddings(p, img_size >> (i - 1), c, dropout))
        self.encoder = Encoder(widths, dropout)
        for i, (c, p) in enumerate(zip(widths, PATCHES), 1):
            setattr(self, "reconstruct_%d" % i, Reconstruct(c, p))

    def forward(self, skips):
        embs = [getattr(self, "embeddings_%d" % i)(x) for i, x in enumerate(skips, 1)]
        encoded = self.encoder(embs)
        return [getattr(self, "reconstruct_%d" % i)(e) + x for i, (e, x) in enumerate(zip(encoded, skips), 1)]


class UCTransNet(nn.Module):
    def __init__(self, in_channels, classes, base, img_size, dropout=0.1):
        super().__init__()
        self.inc = ConvBatchNorm(in_channels, base)
        self.down1 = DownBlock(base, base * 2)
        self.down2 = DownBlock(base * 2, base * 4)
        self.down3 = DownBlock(base * 4, base * 8)
        self.down4 = DownBlock(base * 8, base * 8)
        self.mtc = ChannelTransformer(img_size, [base, base * 2, base * 4, base * 8], dropout)
        self.up4 = UpBlock_attention(base * 16, base * 4)
        self.up3 = UpBlock_attention(base * 8, base * 2)
        self.up2 = UpBlock_attention(base * 4, base)
        self.up1 = UpBlock_attention(base * 2, base)
        self.outc = nn.Conv2d(base, classes, kernel_size=1)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        x5 = self.down4(x4)
        s1, s2, s3, s4 = self.mtc([x1, x2, x3, x4])
        u4 = self.up4(x5, s4)
        u3 = self.up3(u4, s3)
        u2 = self.up2(u3, s2)
        u1 = self.up1(u2, s1)
        logits = self.outc(u1)
        if self.training:
            return logits, [x2, x3, x4, x5], [u4, u3, u2], u1
        return logits


def check_parameter_counts():
    for cin, classes, expected in ((1, 9, 66_430_025), (3, 1, 66_430_657)):
        count = sum(p.numel() for p in UCTransNet(cin, classes, 64, 224).parameters())
        assert count == expected, (cin, classes, count, expected)


def perturb(model, gen):
    """Seeded values of a sensible scale everywhere, so no bias, norm, embedding or running statistic stays at 0/1."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if p.dim() == 1 and "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * noise)
            elif p.dim() == 1 or name.endswith("position_embeddings"):
                p.copy_(0.1 * noise)
            else:
                p.copy_(noise / np.sqrt(p[0].numel()))
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=gen) * 0.2 - 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) * 0.4 + 0.8)


def require_varying_batch_norm_inputs(model, image):
    """Every train-mode BN input channel must vary: on a constant one BN divides float noise by sqrt(eps) and no
    port could match. At base width 2 the level-1 LayerNorm (over 2 channels) can make one so; the seed avoids it."""
    variances = []
    hooks = [m.register_forward_hook(lambda m, i, o: variances.append(i[0].var(dim=(0, 2, 3)).min().item()))
             for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    model.train()
    with torch.no_grad():
        model(image)
    for h in hooks:
        h.remove()
    assert min(variances) > 1e-2, min(variances)


def state(model):
    return {k: v.detach().clone().numpy() for k, v in model.state_dict().items() if "num_batches_tracked" not in k}


def instance_norm_fixture(gen):
    x = (torch.randn((2, 4, 6, 30), generator=gen) * 3 + torch.randn((2, 4, 1, 1), generator=gen)).requires_grad_()
    weights = torch.randn(x.shape, generator=gen)
    y = nn.InstanceNorm2d(4)(x)
    (y * weights).sum().backward()
    np.savez(os.path.join(OUT, "instance_norm.npz"), input=x.detach().numpy(), output=y.detach().numpy(),
             weights=weights.numpy(), grad=x.grad.numpy())


def main():
    check_parameter_counts()
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(4)
    model = UCTransNet(SMALL["in_channels"], SMALL["classes"], SMALL["base"], SMALL["img_size"], dropout=0.0)
    perturb(model, gen)
    np.savez(os.path.join(OUT, "weights.npz"), **state(model))

    side = SMALL["img_size"]
    image = torch.rand((BATCH, SMALL["in_channels"], side, side), generator=gen)
    labels = torch.randint(0, SMALL["classes"], (BATCH, side, side), generator=gen)
    require_varying_batch_norm_inputs(copy.deepcopy(model), image)
    out = {"input": image.numpy(), "labels": labels.numpy().astype(np.int64)}
    model.eval()
    with torch.no_grad():
        out["eval_logits"] = model(image).numpy()
    model.train()
    logits, enc, dec, teacher = model(image)
    out["logits"] = logits.detach().numpy()
    out.update({"enc%d" % i: t.detach().numpy() for i, t in enumerate(enc)})
    out.update({"dec%d" % i: t.detach().numpy() for i, t in enumerate(dec)})
    out["teacher"] = teacher.detach().numpy()
    lambda_x = 0.1
    sampler = RecordingSampler(7)
    _, _, kd = KDloss(lambda_x, sampler)(enc, dec, teacher)
    loss = 0.4 * nn.CrossEntropyLoss()(logits, labels) + 0.6 * DiceLoss(SMALL["classes"])(logits, labels) + kd
    loss.backward()
    out["lambda"] = np.array(lambda_x, dtype=np.float64)
    out["loss"] = np.array(loss.item(), dtype=np.float64)
    out.update({"draw%02d" % i: d for i, d in enumerate(sampler.draws)})
    out.update({"grad." + k: p.grad.numpy() for k, p in model.named_parameters()})
    np.savez(os.path.join(OUT, "forward.npz"), **out)
    instance_norm_fixture(gen)
    print("torch", torch.__version__, "->", os.path.abspath(OUT),
          sum(p.numel() for p in model.parameters()), "parameters in the fixture network")


if __name__ == "__main__":
    main()
