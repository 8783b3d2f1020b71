// Ant: gymnasium's Ant-v4 with D4RL's 111-wide observation (= gym v2 as D4RL recorded it).
#pragma once
#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Four-legged walker: obs = qpos[2:] (13) ++ qvel (14) ++ 84 contact-force entries that are
/// zero, as in D4RL's data (mujoco-py with MuJoCo 2 never filled cfrc_ext), so the contact cost
/// is zero too. Reward = torso-x velocity + 1 (alive) - 0.5 |a|^2; ends when the state is not
/// finite or the torso height leaves [0.2, 1.0].
class AntEnv : public MujocoEnv {
 public:
  /// Loads resources/mujoco/ant.xml (shared between instances).
  AntEnv();
  bool forward_reference_lags() const override { return true; }

 protected:
  void write_observation(double* out) const override;
  void add_reset_noise(Rng& rng, double* qpos, double* qvel) const override;
  double reward(double x_before, double x_after, std::span<const float> action) const override;
  bool is_terminated() const override;
  /// The torso's x position (xpos after the last step, as gymnasium's get_body_com reads it).
  double forward_position() const override;

 private:
  int torso_ = -1;
};

}  // namespace vaco
