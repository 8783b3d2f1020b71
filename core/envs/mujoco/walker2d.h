// Walker2d: gymnasium's Walker2d-v4 (= gym v2/v3 as D4RL recorded it) or Walker2d-v5. obs 17, action 6.
#pragma once
#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Planar biped: reward forward velocity + 1 (alive; v5: only while healthy) - 1e-3 |a|^2;
/// ends when the torso height leaves (0.8, 2.0) or its angle leaves (-1, 1).
class Walker2dEnv : public MujocoEnv {
 public:
  /// Loads resources/mujoco/walker2d.xml, or walker2d_v5.xml (both feet with friction 1.9) for
  /// v5 (shared between instances).
  explicit Walker2dEnv(GymVersion version = GymVersion::V4);

 protected:
  void write_observation(double* out) const override;
  void add_reset_noise(Rng& rng, double* qpos, double* qvel) const override;
  double reward(double x_before, double x_after, std::span<const float> action) const override;
  bool is_terminated() const override;

 private:
  GymVersion version_;
};

}  // namespace vaco
