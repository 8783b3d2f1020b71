"""The PyTorch-eager side of `vaco bench step --algo vaco`: the same VACO step, same shapes,
written as a straightforward PyTorch implementation would write it.

Per step (batch B from a synthetic Hopper-shaped dataset: obs 17, act 6, 100k rows):
  sample B indices; Q(s, a) from a cache of the frozen twin critic (as our Trainer does);
  w = sigmoid(w_phi(s, a, standardized Q)) / mean, then the ESS-floor guard (0.3);
  theta' = theta - alpha * grad_theta mean(w * ||pi_theta(s) - a||^2)   (functional, create_graph)
  L_outer = -mean min(Q1, Q2)(s, clip(pi_theta'(s) + sigma * eps, -1, 1))
  phi <- Adam(grad_phi L_outer), by DOUBLE BACKWARD through the inner step's gradient graph
         (our C++ default computes the same gradient by a forward-mode product instead);
  theta <- Adam(grad_theta mean(w_bar * ||pi_theta(s) - a||^2)), w_bar recomputed by the new phi,
         detached; the forward pass of the inner loss is reused (theta has not changed);
  the same metric tensors as ours (weight mean/std/min/max, ESS, KL to uniform), never read back.
torch.optim.Adam with its defaults. torch.set_num_threads(--threads). On --device cuda the data,
the nets and the generators live on the GPU and the timing waits for the GPU at both ends.

Usage: bench_step_torch.py [--batch 256] [--hidden 256] [--depth 3] [--threads 1]
                           [--steps 200] [--warmup 20] [--device cpu|cuda|cuda:N]
Prints one JSON object with the keys of `vaco bench step --json`.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

OBS, ACT, ROWS = 17, 6, 100_000

parser = argparse.ArgumentParser()
parser.add_argument("--batch", type=int, default=256)
parser.add_argument("--hidden", type=int, default=256)
parser.add_argument("--depth", type=int, default=3)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--warmup", type=int, default=20)
parser.add_argument("--device", default="cpu")
args = parser.parse_args()
dev = torch.device(args.device)
if dev.type == "cuda" and not torch.cuda.is_available():
    raise SystemExit("bench_step_torch.py: --device %s: this torch sees no CUDA device" % args.device)
torch.set_num_threads(args.threads)
torch.manual_seed(0)


def mlp(inp, out):
    widths = [inp] + [args.hidden] * args.depth + [out]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def functional(x, params):
    """The MLP with explicit [W0, b0, ..., Wk, bk]."""
    n = len(params) // 2
    for i in range(n):
        x = F.linear(x, params[2 * i], params[2 * i + 1])
        if i + 1 < n:
            x = F.relu(x)
    return x


obs = torch.randn(ROWS, OBS).to(dev)
act = (torch.rand(ROWS, ACT) * 2 - 1).to(dev)
rew = torch.randn(ROWS).to(dev)
next_obs = torch.randn(ROWS, OBS).to(dev)
dones = (torch.rand(ROWS) < 0.01).float().to(dev)

policy = mlp(OBS, ACT).to(dev)
scorer = mlp(OBS + ACT + 1, 1).to(dev)
q1, q2 = mlp(OBS + ACT, 1).to(dev), mlp(OBS + ACT, 1).to(dev)
for p in list(q1.parameters()) + list(q2.parameters()):
    p.requires_grad_(False)
with torch.no_grad():
    x = torch.cat([obs, act], -1)
    q_cache = torch.min(q1(x), q2(x)).squeeze(-1)

policy_opt = torch.optim.Adam(policy.parameters(), lr=3e-4)
meta_opt = torch.optim.Adam(scorer.parameters(), lr=3e-5)
gen = torch.Generator(device=dev).manual_seed(1)
noise_gen = torch.Generator(device=dev).manual_seed(2)
INNER_LR, SIGMA, ESS_FLOOR = 1e-2, 0.2, 0.3


def weights(s, a, q):
    q_in = (q - q.mean()) / (q.std(unbiased=False) + 1e-6)
    sig = torch.sigmoid(scorer(torch.cat([s, a, q_in.unsqueeze(-1)], -1)).squeeze(-1))
    w = sig / sig.mean()
    ess_raw = w.detach().sum().square() / (w.numel() * w.detach().square().sum())
    m = w.mean()
    var = (w - m).square().mean()
    lam = torch.clamp(1.0 - m * torch.sqrt((1.0 / ESS_FLOOR - 1.0) / (var + 1e-12)), 0.0, 1.0)
    return (1.0 - lam) * w + lam * m, ess_raw


def step():
    idx = torch.randint(0, ROWS, (args.batch,), generator=gen, device=dev)
    s, a = obs.index_select(0, idx), act.index_select(0, idx)
    _r, _s2, _d = rew.index_select(0, idx), next_obs.index_select(0, idx), dones.index_select(0, idx)
    q = q_cache.index_select(0, idx)
    eps = torch.randn(a.shape, generator=noise_gen, device=dev)

    w, ess_raw = weights(s, a, q)
    p = w / w.sum()
    kl = (p * torch.log(p * w.numel() + 1e-12)).sum()
    theta = list(policy.parameters())
    per_sample = (torch.tanh(functional(s, theta)) - a).square().sum(-1)
    inner_loss = (w * per_sample).mean()
    grads = torch.autograd.grad(inner_loss, theta, create_graph=True)
    theta_prime = [t - INNER_LR * g for t, g in zip(theta, grads)]
    a_pi = torch.clamp(torch.tanh(functional(s, theta_prime)) + SIGMA * eps, -1.0, 1.0)
    xq = torch.cat([s, a_pi], -1)
    outer_loss = -torch.min(q1(xq), q2(xq)).squeeze(-1).mean()
    meta_opt.zero_grad()
    outer_loss.backward(inputs=list(scorer.parameters()), retain_graph=True)
    meta_opt.step()

    with torch.no_grad():
        w_bar, _ = weights(s, a, q)
    policy_opt.zero_grad()
    bc_loss = (w_bar * per_sample).mean()
    bc_loss.backward(inputs=theta)
    policy_opt.step()

    wd = w.detach()
    return [inner_loss.detach(), outer_loss.detach(), bc_loss.detach(), kl.detach(), wd.mean(),
            wd.std(unbiased=False), wd.min(), wd.max(), wd.max() / wd.mean(),
            wd.sum().square() / (wd.numel() * wd.square().sum()), ess_raw]


def wait():
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


for _ in range(args.warmup):
    step()
wait()
t0 = time.perf_counter()
for _ in range(args.steps):
    step()
wait()
secs = time.perf_counter() - t0
ms = 1000.0 * secs / args.steps
print(json.dumps({"algo": "vaco", "batch": args.batch, "hidden": args.hidden, "depth": args.depth,
                  "obs_dim": OBS, "act_dim": ACT, "device": str(dev), "threads": args.threads,
                  "steps": args.steps, "warmup": args.warmup, "ms_per_step": ms,
                  "steps_per_s": 1000.0 / ms, "impl": "pytorch-eager-double-backward"}, indent=2))
