#include "core/envs/mujoco/episode_poses.h"

#include <string>

#include "core/util/error.h"

namespace vaco {

std::vector<double> poses_from_observations(const MujocoEnv& env, std::span<const float> observations, int64_t steps) {
  const int64_t nq = env.qpos_dim(), width = env.observation_dim();
  const int64_t hidden = env.hidden_root_coordinates();
  if (steps < 0 || int64_t(observations.size()) != steps * width)
    throw Error(env.name() + ": " + std::to_string(observations.size()) + " observation values do not make " +
                std::to_string(steps) + " observations of width " + std::to_string(width));
  std::vector<double> qpos(size_t(steps * nq), 0.0);
  const double dt = env.dt();
  for (int64_t t = 0; t < steps; ++t) {
    const float* obs = observations.data() + t * width;
    double* q = qpos.data() + t * nq;
    for (int64_t i = hidden; i < nq; ++i) q[i] = obs[i - hidden];
    if (t == 0) continue;
    const float* before = obs - width;
    const double* q_before = q - nq;
    // The hidden coordinates' velocities are qvel[0..hidden), right after the visible qpos.
    for (int64_t j = 0; j < hidden; ++j)
      q[j] = q_before[j] + 0.5 * dt * (double(before[nq - hidden + j]) + double(obs[nq - hidden + j]));
  }
  return qpos;
}

}  // namespace vaco
