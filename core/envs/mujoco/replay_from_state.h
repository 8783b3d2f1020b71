// A policy run from the state a recorded observation holds: what the policy would have done
// where a dataset's episode began (the Trajectories tab's "Compare with the policy").
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/envs/mujoco/mujoco_env.h"
#include "core/envs/mujoco/rollout.h"

namespace vaco {

/// A joint state of a MuJoCo body.
struct JointState {
  std::vector<double> qpos, qvel;
};

/// The joint state an observation holds: its qpos entries and the velocities after them, with
/// the hidden root coordinates (MujocoEnv::hidden_root_coordinates) at 0. Observations clip
/// velocities (Hopper and Walker2d at 10), which a start state's near-zero velocities never reach.
/// Throws vaco::Error when the observation is narrower than env's or not finite.
JointState state_from_observation(const MujocoEnv& env, std::span<const float> observation);

/// One episode of a policy from a given start.
struct ReplayedEpisode {
  std::vector<double> poses;    ///< [steps * nq]: the qpos each action was taken in
  std::vector<double> rewards;  ///< [steps]
  bool terminated = false;      ///< the body fell (or the task ended) rather than ran out of steps
};

/// Resets env, puts it in the state of `first_observation` and runs `policy` until the task
/// terminates, the env's step limit or `max_steps` (0: the env's limit only). Deterministic for a
/// deterministic policy (its Rng is seeded with 0). Throws vaco::Error on a bad observation or a
/// non-finite action.
ReplayedEpisode replay_from_observation(MujocoEnv& env, std::span<const float> first_observation,
                                        const RolloutPolicy& policy, int64_t max_steps = 0);

}  // namespace vaco
