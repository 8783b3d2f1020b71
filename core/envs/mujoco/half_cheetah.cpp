#include "core/envs/mujoco/half_cheetah.h"

namespace vaco {

namespace {
constexpr double kResetNoise = 0.1;
constexpr double kCtrlCost = 0.1;
}  // namespace

HalfCheetahEnv::HalfCheetahEnv(GymVersion version)
    : MujocoEnv({.name = version == GymVersion::V5 ? "halfcheetah-v5" : "halfcheetah",
                 .model_file = "half_cheetah.xml",
                 .frame_skip = 5,
                 .observation_dim = 17,
                 .nq = 9,
                 .nv = 9,
                 .nu = 6,
                 .max_episode_steps = 1000,
                 .reference = {-280.178953, 12135.0}}) {}

void HalfCheetahEnv::write_observation(double* out) const { write_qpos_qvel(out, 0.0); }

void HalfCheetahEnv::add_reset_noise(Rng& rng, double* qpos, double* qvel) const {
  for (int64_t i = 0; i < qpos_dim(); ++i) qpos[i] += rng.uniform(-kResetNoise, kResetNoise);
  for (int64_t i = 0; i < qvel_dim(); ++i) qvel[i] += kResetNoise * rng.normal();
}

double HalfCheetahEnv::reward(double x_before, double x_after, std::span<const float> action) const {
  return (x_after - x_before) / dt() - kCtrlCost * squared_norm(action);
}

}  // namespace vaco
