// HalfCheetah: gymnasium's HalfCheetah-v4 (= gym v2/v3 as D4RL recorded it); v5 has the same
// dynamics and reward. obs 17, action 6.
#pragma once
#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Planar runner: reward forward velocity - 0.1 |a|^2; never terminates (1000-step limit).
class HalfCheetahEnv : public MujocoEnv {
 public:
  /// Loads resources/mujoco/half_cheetah.xml (shared between instances); the version only names it.
  explicit HalfCheetahEnv(GymVersion version = GymVersion::V4);

 protected:
  void write_observation(double* out) const override;
  void add_reset_noise(Rng& rng, double* qpos, double* qvel) const override;
  double reward(double x_before, double x_after, std::span<const float> action) const override;
  bool is_terminated() const override { return false; }
};

}  // namespace vaco
