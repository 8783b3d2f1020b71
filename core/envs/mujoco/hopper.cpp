#include "core/envs/mujoco/hopper.h"

namespace vaco {

namespace {
constexpr double kResetNoise = 5e-3;
constexpr double kHealthyReward = 1.0;
constexpr double kCtrlCost = 1e-3;
constexpr double kVelocityClip = 10.0;
}  // namespace

HopperEnv::HopperEnv(GymVersion version)
    : MujocoEnv({.name = version == GymVersion::V5 ? "hopper-v5" : "hopper",
                 .model_file = "hopper.xml",
                 .frame_skip = 4,
                 .observation_dim = 11,
                 .nq = 6,
                 .nv = 6,
                 .nu = 3,
                 .max_episode_steps = 1000,
                 .reference = {-20.272305, 3234.3}}),
      version_(version) {}

void HopperEnv::write_observation(double* out) const { write_qpos_qvel(out, kVelocityClip); }

void HopperEnv::add_reset_noise(Rng& rng, double* qpos, double* qvel) const {
  add_uniform_noise(rng, qpos, qvel, kResetNoise);
}

double HopperEnv::reward(double x_before, double x_after, std::span<const float> action) const {
  const double healthy = version_ == GymVersion::V5 && is_terminated() ? 0.0 : kHealthyReward;
  return healthy_forward_reward(x_before, x_after, action, healthy, kCtrlCost);
}

bool HopperEnv::is_terminated() const {
  const auto q = qpos();
  const auto v = qvel();
  // Healthy: every entry of qpos[2:] ++ qvel in (-100, 100), height > 0.7, |angle| < 0.2.
  // Written as "all comparisons true" so that NaN counts as unhealthy.
  for (size_t i = 2; i < q.size(); ++i) {
    if (!(q[i] > -100.0 && q[i] < 100.0)) return true;
  }
  for (double x : v) {
    if (!(x > -100.0 && x < 100.0)) return true;
  }
  const double z = q[1], angle = q[2];
  return !(z > 0.7 && angle > -0.2 && angle < 0.2);
}

}  // namespace vaco
