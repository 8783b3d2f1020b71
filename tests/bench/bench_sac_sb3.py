"""The Python side of `vaco bench sac`: Stable-Baselines3's SAC on gymnasium's env, timed the
same way (env steps + one gradient update per step, after `--warmup` uniform-random steps).

SB3's settings are made equal to `vaco sac`'s defaults: 2 x 256 ReLU nets, batch 256, Adam 3e-4,
gamma 0.99, tau 0.005, automatic entropy temperature (target -|A|), train_freq 1,
gradient_steps 1, CPU. torch.set_num_threads(--threads).

Usage: bench_sac_sb3.py [--env Hopper-v4] [--steps 2000] [--warmup 1000] [--threads 1]
Prints one JSON object with the keys of `vaco bench sac --json`.
Needs `pip install stable-baselines3` (scripts/requirements.txt has it).
"""
import argparse
import json
import time

import gymnasium as gym
import torch
from stable_baselines3 import SAC

parser = argparse.ArgumentParser()
parser.add_argument("--env", default="Hopper-v4")
parser.add_argument("--steps", type=int, default=2000)
parser.add_argument("--warmup", type=int, default=1000)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()
torch.set_num_threads(args.threads)

env = gym.make(args.env)
model = SAC(
    "MlpPolicy", env, learning_rate=3e-4, buffer_size=args.warmup + args.steps + 1,
    learning_starts=args.warmup, batch_size=256, tau=0.005, gamma=0.99, train_freq=1,
    gradient_steps=1, ent_coef="auto", policy_kwargs=dict(net_arch=[256, 256]),
    device="cpu", seed=0, verbose=0)
# The random warm-up and the first update (optimizer state allocation) are not timed.
model.learn(total_timesteps=args.warmup + 1)
start = time.perf_counter()
model.learn(total_timesteps=args.steps, reset_num_timesteps=False)
secs = time.perf_counter() - start
rate = args.steps / secs
print(json.dumps({"impl": "stable-baselines3", "env": args.env, "device": "cpu", "threads": args.threads,
                  "warmup": args.warmup, "steps": args.steps, "seconds": secs, "steps_per_s": rate,
                  "ms_per_step": 1000.0 / rate}, indent=2))
