#include "core/envs/mujoco/walker2d.h"

namespace vaco {

namespace {
constexpr double kResetNoise = 5e-3;
constexpr double kHealthyReward = 1.0;
constexpr double kCtrlCost = 1e-3;
constexpr double kVelocityClip = 10.0;
}  // namespace

Walker2dEnv::Walker2dEnv(GymVersion version)
    : MujocoEnv({.name = version == GymVersion::V5 ? "walker2d-v5" : "walker2d",
                 .model_file = version == GymVersion::V5 ? "walker2d_v5.xml" : "walker2d.xml",
                 .frame_skip = 4,
                 .observation_dim = 17,
                 .nq = 9,
                 .nv = 9,
                 .nu = 6,
                 .max_episode_steps = 1000,
                 .reference = {1.629008, 4592.3}}),
      version_(version) {}

void Walker2dEnv::write_observation(double* out) const { write_qpos_qvel(out, kVelocityClip); }

void Walker2dEnv::add_reset_noise(Rng& rng, double* qpos, double* qvel) const {
  add_uniform_noise(rng, qpos, qvel, kResetNoise);
}

double Walker2dEnv::reward(double x_before, double x_after, std::span<const float> action) const {
  const double healthy = version_ == GymVersion::V5 && is_terminated() ? 0.0 : kHealthyReward;
  return healthy_forward_reward(x_before, x_after, action, healthy, kCtrlCost);
}

bool Walker2dEnv::is_terminated() const {
  const double z = qpos()[1], angle = qpos()[2];
  return !(z > 0.8 && z < 2.0 && angle > -1.0 && angle < 1.0);  // NaN counts as unhealthy
}

}  // namespace vaco
