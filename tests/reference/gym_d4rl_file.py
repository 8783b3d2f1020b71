"""Writes a small D4RL-layout HDF5 file recorded with gymnasium's *-v4 env, as D4RL's own files
were recorded with gym: float32 arrays, h5py bool flags, infos/qpos and infos/qvel of the state
each row's action was taken in, no next_observations. For tests/mujoco/test_mujoco_dataset_check.cpp.

Usage: gym_d4rl_file.py ENV_ID EPISODES MAX_STEPS SEED OUT_FILE
Ant: written with D4RL's 111-wide observation (the 84 contact-force entries zero) and D4RL's
reward (no contact cost), i.e. gymnasium's Ant-v4 with use_contact_forces=False plus zeros.
"""
import sys
import warnings

import h5py
import numpy as np

import gymnasium as gym


def main():
    env_id, episodes, max_steps, seed, out = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                              int(sys.argv[4]), sys.argv[5])
    warnings.filterwarnings("ignore")
    ant = env_id.startswith("Ant")
    kwargs = {"use_contact_forces": False} if ant else {}
    env = gym.make(env_id, max_episode_steps=max_steps, **kwargs)
    d = env.unwrapped.data
    low, high = env.action_space.low, env.action_space.high
    rng = np.random.default_rng(seed)
    cols = {k: [] for k in ("observations", "actions", "rewards", "terminals", "timeouts", "qpos", "qvel")}
    widen = (lambda o: np.concatenate([o, np.zeros(84)])) if ant else (lambda o: o)
    for e in range(episodes):
        obs, _ = env.reset(seed=seed + e)
        while True:
            action = rng.uniform(low, high).astype(np.float32)
            cols["qpos"].append(d.qpos.copy())
            cols["qvel"].append(d.qvel.copy())
            cols["observations"].append(widen(obs))
            cols["actions"].append(action)
            obs, reward, terminated, truncated, _ = env.step(action.astype(np.float64))
            cols["rewards"].append(reward)
            cols["terminals"].append(terminated)
            cols["timeouts"].append(truncated and not terminated)
            if terminated or truncated:
                break
    with h5py.File(out, "w") as f:
        for key in ("observations", "actions", "rewards"):
            f.create_dataset(key, data=np.asarray(cols[key], dtype=np.float32))
        for key in ("terminals", "timeouts"):
            f.create_dataset(key, data=np.asarray(cols[key], dtype=bool))
        f.create_dataset("infos/qpos", data=np.asarray(cols["qpos"], dtype=np.float32))
        f.create_dataset("infos/qvel", data=np.asarray(cols["qvel"], dtype=np.float32))


if __name__ == "__main__":
    main()
