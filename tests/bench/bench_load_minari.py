"""Times Minari's own loader, the peer of `vaco bench load` on a Minari dataset.

Usage:
  bench_load_minari.py make ROOT [--episodes 1000] [--steps 1000]
      writes ROOT/bench/halfcheetah/synthetic-v0 with minari.create_dataset_from_buffers:
      EPISODES episodes of STEPS steps of HalfCheetah-v5's shapes (17 float64 observation
      values, 6 float32 action values), random numbers, each episode truncated at its end.
  bench_load_minari.py time ROOT [--repeat 3]
      minari.load_dataset("bench/halfcheetah/synthetic-v0") and every episode into arrays
      (observations 0..T-1 and 1..T, actions, rewards, terminations, truncations concatenated),
      the way a training loader takes them; prints the best and median seconds as JSON.
Both run with MINARI_DATASETS_PATH=ROOT.
"""
import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np

DATASET_ID = "bench/halfcheetah/synthetic-v0"


def make(episodes, steps):
    import gymnasium as gym
    import minari
    from minari.data_collector import EpisodeBuffer

    env = gym.make("HalfCheetah-v5")
    rng = np.random.default_rng(0)
    buffers = []
    for e in range(episodes):
        truncations = np.zeros(steps, dtype=bool)
        truncations[-1] = True
        buffers.append(EpisodeBuffer(
            id=e, seed=e,
            observations=rng.standard_normal((steps + 1, 17)),
            actions=rng.uniform(-1, 1, (steps, 6)).astype(np.float32),
            rewards=rng.standard_normal(steps),
            terminations=np.zeros(steps, dtype=bool),
            truncations=truncations,
            infos={}))
    minari.create_dataset_from_buffers(DATASET_ID, buffers, env=env, algorithm_name="synthetic",
                                       description="vaco bench load peer")


def load_all():
    import minari

    ds = minari.load_dataset(DATASET_ID)
    obs, nxt, act, rew, term, trunc = [], [], [], [], [], []
    for ep in ds.iterate_episodes():
        obs.append(ep.observations[:-1])
        nxt.append(ep.observations[1:])
        act.append(ep.actions)
        rew.append(ep.rewards)
        term.append(ep.terminations)
        trunc.append(ep.truncations)
    arrays = [np.concatenate(x) for x in (obs, nxt, act, rew, term, trunc)]
    return arrays[0].shape[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["make", "time"])
    parser.add_argument("root")
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    a = parser.parse_args()
    os.environ["MINARI_DATASETS_PATH"] = a.root
    warnings.filterwarnings("ignore")
    if a.mode == "make":
        make(a.episodes, a.steps)
        return
    load_all()  # warm the page cache
    secs, rows = [], 0
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        rows = load_all()
        secs.append(time.perf_counter() - t0)
    print(json.dumps({"loader": "minari.load_dataset + iterate_episodes", "rows": rows,
                      "best_s": min(secs), "median_s": statistics.median(secs)}))


if __name__ == "__main__":
    main()
