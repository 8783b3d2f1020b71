"""The gymnasium side of `vaco bench env`: random-action steps/s of one *-v4 env, resetting
when an episode ends, and of B envs in gymnasium.vector.SyncVectorEnv (one Python loop over
the copies, as our batch is one C++ loop; it resets finished envs itself: in gymnasium 1.x the
call after a copy's episode ends resets that copy instead of stepping it, so a few counted
steps are resets). Wall-clock and CPU-time (process_time) rates are both reported.
Usage: bench_env_gym.py ENV_ID [--steps N] [--batch B] (e.g. Hopper-v4). --steps counts env
steps in all, as `vaco bench env` does. Prints the same JSON keys as `vaco bench env --json`."""
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
parser.add_argument("--batch", type=int, default=1)
args = parser.parse_args()


def time_single(steps):
    env = gym.make(args.env)
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    low, high = env.action_space.low, env.action_space.high
    episodes = 1
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        _, _, terminated, truncated, _ = env.step(rng.uniform(low, high).astype(np.float32))
        if terminated or truncated:
            env.reset(seed=episodes)
            episodes += 1
    return steps, episodes, time.perf_counter() - wall0, time.process_time() - cpu0


def time_vector(steps, batch):
    envs = gym.vector.SyncVectorEnv([lambda: gym.make(args.env) for _ in range(batch)])
    rng = np.random.default_rng(0)
    envs.reset(seed=0)
    low, high = envs.action_space.low, envs.action_space.high
    rounds = -(-steps // batch)
    episodes = batch
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        _, _, terminated, truncated, _ = envs.step(rng.uniform(low, high).astype(np.float32))
        episodes += int(np.sum(terminated | truncated))
    return rounds * batch, episodes, time.perf_counter() - wall0, time.process_time() - cpu0


single = time_single(args.steps)
batched = time_vector(args.steps, args.batch) if args.batch > 1 else single
steps, episodes, secs, cpu = batched
print(json.dumps({"env": args.env, "batch": args.batch, "steps": steps, "episodes": episodes, "seconds": secs,
                  "cpu_seconds": cpu, "steps_per_s": steps / secs, "steps_per_cpu_s": steps / cpu,
                  "single_steps_per_s": single[0] / single[2], "single_steps_per_cpu_s": single[0] / single[3]},
                 indent=2))
