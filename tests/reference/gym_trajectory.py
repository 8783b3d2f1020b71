"""Records a gymnasium *-v4 or *-v5 MuJoCo trajectory for tests/mujoco/test_mujoco_vs_gymnasium.cpp.

Usage: gym_trajectory.py ENV_ID SEED STEPS MODE OUT_FILE
Resets ENV_ID (e.g. Hopper-v4, Walker2d-v5) with SEED and applies STEPS seeded random actions (float32
values in [-1.1, 1.1], so MuJoCo's ctrl clamping is exercised too). MODE "reset" starts a new
episode after each termination (covering many starts and termination flags); MODE "continue"
keeps stepping after termination (covering falls and long ground contact).
OUT_FILE is raw little-endian float64:
  header     nq nv nu obs_dim steps
  per step   restart [qpos0[nq] qvel0[nv] obs0[obs_dim] when restart == 1]
             action[nu] obs[obs_dim] reward terminated qpos[nq] qvel[nv]
The first step always has restart == 1.
"""
import sys
import warnings

import numpy as np

import gymnasium as gym


def main():
    env_id, seed, steps, mode, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    if mode not in ("reset", "continue"):
        sys.exit(f"unknown MODE {mode!r}; use reset or continue")
    warnings.filterwarnings("ignore")  # v4 deprecation notice, out-of-bounds action notices
    # Ant: D4RL's data has zeros for the 84 contact-force entries (MuJoCo 2 under mujoco-py never
    # filled cfrc_ext), but gymnasium fills them (it calls mj_rnePostConstraint), and adds their
    # cost to the reward. use_contact_forces=False gives D4RL's reward and the first 27 entries
    # of its observation; the C++ test checks that our remaining 84 entries are zero.
    # Ant-v5 is compared whole: its 78 clipped contact forces and their cost.
    kwargs = {"use_contact_forces": False} if env_id == "Ant-v4" else {}
    env = gym.make(env_id, max_episode_steps=steps + 1, **kwargs)
    m, d = env.unwrapped.model, env.unwrapped.data
    rows = [np.array([m.nq, m.nv, m.nu, env.observation_space.shape[0], steps], dtype=np.float64)]
    rng = np.random.default_rng(seed + 1000)
    restart, episode = True, 0
    for _ in range(steps):
        if restart:
            obs0, _ = env.reset(seed=seed + episode)
            episode += 1
            rows += [np.array([1.0]), d.qpos.copy(), d.qvel.copy(), np.asarray(obs0, dtype=np.float64)]
        else:
            rows.append(np.array([0.0]))
        action = rng.uniform(-1.1, 1.1, size=m.nu).astype(np.float32).astype(np.float64)
        obs, reward, terminated, _, _ = env.step(action)
        rows += [action, np.asarray(obs, dtype=np.float64),
                 np.array([reward, float(terminated)]), d.qpos.copy(), d.qvel.copy()]
        restart = bool(terminated) and mode == "reset"
    np.concatenate(rows).astype("<f8").tofile(out)


if __name__ == "__main__":
    main()
