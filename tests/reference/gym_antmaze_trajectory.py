"""Records a gymnasium-robotics AntMaze_*-v5 trajectory for tests/mujoco/test_ant_maze.cpp.

Usage: gym_antmaze_trajectory.py ENV_ID SEED OUT_FILE
Resets ENV_ID with SEED in cell (1, 1), then moves the ant 1.5 m towards the wall on the left of its start cell
(so that its legs reach the wall) and puts the goal 0.3 m to its right (so that it wanders in and
out of the goal's radius), and applies seeded random actions (float32 values in [-1.1, 1.1])
until the time limit truncates the episode.
OUT_FILE is raw little-endian float64:
  header     nq nv nu obs_dim steps nblocks
  blocks     nblocks x (pos[3] size[3] contype conaffinity), in model order
  start      goal[2] qpos[nq] qvel[nv]
  per step   action[nu] obs[obs_dim] reward terminated truncated qpos[nq] qvel[nv]
The observation is flattened as achieved_goal ++ observation ++ desired_goal.
"""
import sys
import warnings

import numpy as np

import gymnasium as gym
import gymnasium_robotics


def flat(obs):
    return np.concatenate([obs["achieved_goal"], obs["observation"], obs["desired_goal"]]).astype(np.float64)


def main():
    env_id, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    warnings.filterwarnings("ignore")
    gym.register_envs(gymnasium_robotics)
    env = gym.make(env_id)
    maze_env = env.unwrapped
    ant = maze_env.ant_env
    m, d = ant.model, ant.data
    env.reset(seed=seed, options={"reset_cell": np.array([1, 1])})  # a wall on its left in every map

    qpos, qvel = d.qpos.copy(), d.qvel.copy()
    qpos[0] -= 1.5
    ant.set_state(qpos, qvel)
    maze_env.goal = np.array([qpos[0] + 0.3, qpos[1]])

    blocks = [i for i in range(m.ngeom) if (m.geom(i).name or "").startswith("block_")]
    rows = [np.array([m.nq, m.nv, m.nu, 2 + env.observation_space["observation"].shape[0] + 2,
                      env.spec.max_episode_steps, len(blocks)], dtype=np.float64)]
    for i in blocks:
        rows += [m.geom_pos[i], m.geom_size[i], np.array([m.geom_contype[i], m.geom_conaffinity[i]], dtype=np.float64)]
    rows += [maze_env.goal.copy(), d.qpos.copy(), d.qvel.copy()]

    rng = np.random.default_rng(seed + 1000)
    for _ in range(env.spec.max_episode_steps):
        action = rng.uniform(-1.1, 1.1, size=m.nu).astype(np.float32).astype(np.float64)
        obs, reward, terminated, truncated, _ = env.step(action)
        rows += [action, flat(obs), np.array([reward, float(terminated), float(truncated)]), d.qpos.copy(), d.qvel.copy()]
    np.concatenate(rows).astype("<f8").tofile(out)


if __name__ == "__main__":
    main()
