// Hopper: gymnasium's Hopper-v4 (= gym v2/v3 as D4RL recorded it) or Hopper-v5. obs 11, action 3.
#pragma once
#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Planar one-legged hopper: reward forward velocity + 1 (alive; v5: only while healthy)
/// - 1e-3 |a|^2; ends when the torso falls below 0.7, tilts past 0.2 rad or any of qpos[2:], qvel
/// leaves (-100, 100).
class HopperEnv : public MujocoEnv {
 public:
  /// Loads resources/mujoco/hopper.xml (shared between instances; the same model for v4 and v5).
  explicit HopperEnv(GymVersion version = GymVersion::V4);

 protected:
  void write_observation(double* out) const override;
  void add_reset_noise(Rng& rng, double* qpos, double* qvel) const override;
  double reward(double x_before, double x_after, std::span<const float> action) const override;
  bool is_terminated() const override;

 private:
  GymVersion version_;
};

}  // namespace vaco
