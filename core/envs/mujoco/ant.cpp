#include "core/envs/mujoco/ant.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/util/error.h"

namespace vaco {

namespace {
constexpr double kResetNoise = 0.1;
constexpr double kHealthyReward = 1.0;
constexpr double kCtrlCost = 0.5;
constexpr int kContactEntries = 84;  // cfrc_ext: 14 bodies (world included) x 6
constexpr int kWorldEntries = 6;     // v5 leaves the world body's out of the observation
constexpr double kContactCost = 5e-4;
constexpr double kContactClip = 1.0;

double clip_force(double f) { return std::clamp(f, -kContactClip, kContactClip); }
}  // namespace

AntEnv::AntEnv(GymVersion version)
    : AntEnv({.name = version == GymVersion::V5 ? "ant-v5" : "ant",
              .model_file = "ant.xml",
              .frame_skip = 5,
              .observation_dim = 13 + 14 + (version == GymVersion::V5 ? kContactEntries - kWorldEntries : kContactEntries),
              .nq = 15,
              .nv = 14,
              .nu = 8,
              .max_episode_steps = 1000,
              .reference = {-325.6, 3879.7},
              .contact_forces = version == GymVersion::V5},
             version) {}

AntEnv::AntEnv(MujocoTaskSpec spec, GymVersion version) : MujocoEnv(std::move(spec)), version_(version) {
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
  if (version_ == GymVersion::V5) {
    const mjtNum* f = data().cfrc_ext;
    std::transform(f + kWorldEntries, f + kContactEntries, out, clip_force);
  } else {
    std::fill(out, out + kContactEntries, 0.0);
  }
}

double AntEnv::contact_cost() const {
  double sum = 0.0;
  for (int i = 0; i < kContactEntries; ++i) {
    const double f = clip_force(data().cfrc_ext[i]);
    sum += f * f;
  }
  return kContactCost * sum;
}

void AntEnv::add_reset_noise(Rng& rng, double* qpos, double* qvel) const {
  for (int64_t i = 0; i < qpos_dim(); ++i) qpos[i] += rng.uniform(-kResetNoise, kResetNoise);
  for (int64_t i = 0; i < qvel_dim(); ++i) qvel[i] += kResetNoise * rng.normal();
}

double AntEnv::reward(double x_before, double x_after, std::span<const float> action) const {
  const double forward = (x_after - x_before) / dt();
  if (version_ == GymVersion::V5) {
    const double healthy = is_terminated() ? 0.0 : kHealthyReward;
    return (forward + healthy) - (kCtrlCost * squared_norm(action) + contact_cost());
  }
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
