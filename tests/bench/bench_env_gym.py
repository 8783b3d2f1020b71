"""The gymnasium side of `vaco bench env`: random-action steps/s of one *-v4 env, resetting
when an episode ends. Usage: bench_env_gym.py ENV_ID [--steps N] (e.g. Hopper-v4)"""
import argparse
import json
import time
import warnings

import gymnasium as gym
import numpy as np

warnings.filterwarnings("ignore")
parser = argparse.ArgumentParser()
parser.add_argument("env")
parser.add_argument("--steps", type=int, default=20000)
args = parser.parse_args()

env = gym.make(args.env)
rng = np.random.default_rng(0)
env.reset(seed=0)
low, high = env.action_space.low, env.action_space.high
episodes = 1
t0 = time.perf_counter()
for _ in range(args.steps):
    _, _, terminated, truncated, _ = env.step(rng.uniform(low, high).astype(np.float32))
    if terminated or truncated:
        env.reset(seed=episodes)
        episodes += 1
secs = time.perf_counter() - t0
print(json.dumps({"env": args.env, "steps": args.steps, "episodes": episodes, "seconds": secs,
                  "steps_per_s": args.steps / secs}, indent=2))
