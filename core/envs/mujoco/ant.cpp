#include "core/envs/mujoco/ant.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace vaco {

namespace {
constexpr double kResetNoise = 0.1;
constexpr double kHealthyReward = 1.0;
constexpr double kCtrlCost = 0.5;
constexpr int kContactEntries = 84;  // cfrc_ext: 14 bodies (world included) x 6
}  // namespace

AntEnv::AntEnv()
    : MujocoEnv({.name = "ant",
                 .model_file = "ant.xml",
                 .frame_skip = 5,
                 .observation_dim = 13 + 14 + kContactEntries,
                 .nq = 15,
                 .nv = 14,
                 .nu = 8,
                 .max_episode_steps = 1000,
                 .reference = {-325.6, 3879.7}}) {
  torso_ = mj_name2id(&model(), mjOBJ_BODY, "torso");
  if (torso_ < 0 || model().nbody * 6 != kContactEntries) {
    throw Error("ant: model has no body named 'torso' or not 14 bodies");
  }
}

void AntEnv::write_observation(double* out) const {
  const auto q = qpos();
  const auto v = qvel();
  out = std::copy(q.begin() + 2, q.end(), out);
  out = std::copy(v.begin(), v.end(), out);
  std::fill(out, out + kContactEntries, 0.0);
}

void AntEnv::add_reset_noise(Rng& rng, double* qpos, double* qvel) const {
  for (int64_t i = 0; i < qpos_dim(); ++i) qpos[i] += rng.uniform(-kResetNoise, kResetNoise);
  for (int64_t i = 0; i < qvel_dim(); ++i) qvel[i] += kResetNoise * rng.normal();
}

double AntEnv::reward(double x_before, double x_after, std::span<const float> action) const {
  const double forward = (x_after - x_before) / dt();
  return (forward + kHealthyReward) - kCtrlCost * squared_norm(action);  // contact cost: 0
}

bool AntEnv::is_terminated() const {
  const auto q = qpos();
  const auto v = qvel();
  const auto finite = [](double x) { return std::isfinite(x); };
  const bool healthy = std::all_of(q.begin(), q.end(), finite) && std::all_of(v.begin(), v.end(), finite) &&
                       q[2] >= 0.2 && q[2] <= 1.0;
  return !healthy;
}

double AntEnv::forward_position() const { return data().xpos[3 * torso_]; }

}  // namespace vaco
