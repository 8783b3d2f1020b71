// Ant: gymnasium's Ant-v4 with D4RL's 111-wide observation (= gym v2 as D4RL recorded it), and
// gymnasium's Ant-v5 with its 105-wide observation.
#pragma once
#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Four-legged walker; ends when the state is not finite or the torso height leaves [0.2, 1.0].
/// v4 (D4RL): obs = qpos[2:] (13) ++ qvel (14) ++ 84 contact-force entries that are zero, as in
/// D4RL's data (mujoco-py with MuJoCo 2 never filled cfrc_ext), so the contact cost is zero too;
/// reward = torso-x velocity + 1 (alive) - 0.5 |a|^2.
/// v5: obs = qpos[2:] ++ qvel ++ cfrc_ext of the 13 bodies after the world, clipped to [-1, 1]
/// (78); reward = torso-x velocity + 1 while healthy - 0.5 |a|^2 - 5e-4 |clip(cfrc_ext)|^2
/// (every body's, the world's included).
class AntEnv : public MujocoEnv {
 public:
  /// Loads resources/mujoco/ant.xml (shared between instances).
  explicit AntEnv(GymVersion version = GymVersion::V4);
  bool forward_reference_lags() const override { return true; }
  /// The observation leaves out the torso's x and y.
  int hidden_root_coordinates() const override { return 2; }

 protected:
  /// An ant in another world (AntMaze): `spec` names the model and sizes; `version` picks the
  /// observation (v5: with contact forces).
  AntEnv(MujocoTaskSpec spec, GymVersion version);
  void write_observation(double* out) const override;
  void add_reset_noise(Rng& rng, double* qpos, double* qvel) const override;
  double reward(double x_before, double x_after, std::span<const float> action) const override;
  bool is_terminated() const override;
  /// The torso's x position (xpos after the last step, as gymnasium's get_body_com reads it).
  double forward_position() const override;

 private:
  /// The contact cost of v5: 5e-4 times the squared clipped contact forces of every body.
  double contact_cost() const;

  GymVersion version_;
  int torso_ = -1;
};

}  // namespace vaco
