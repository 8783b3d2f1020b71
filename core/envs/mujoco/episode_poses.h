// The body's joint positions along a recorded episode, for drawing it: from the file's
// infos/qpos when it has them, otherwise rebuilt from the observations.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Joint positions [steps * nq] of an episode from its observations [steps * observation_dim]:
/// the qpos entries the observation holds are copied, and the hidden root coordinates (see
/// MujocoEnv::hidden_root_coordinates) are integrated from their velocities in the same
/// observations with the trapezoid rule over env.dt(), starting at 0. Observations clip
/// velocities (Hopper and Walker2d at 10), so the rebuilt position is for drawing, not replay.
/// Throws vaco::Error when the observation width does not fit the environment.
std::vector<double> poses_from_observations(const MujocoEnv& env, std::span<const float> observations, int64_t steps);

}  // namespace vaco
