// The projectile toy of the paper: a ball thrown at a fixed speed from a height h; the action
// is the launch angle; the reward is the horizontal distance. See shared/reference/projectile.md.
#pragma once
#include <utility>
#include <vector>

#include "core/envs/env.h"
#include "core/util/rng.h"

namespace vaco::projectile {

constexpr double kGravity = 9.81;      ///< m/s^2
constexpr double kDefaultSpeed = 10.0;  ///< m/s
constexpr double kMaxHeight = 10.0;     ///< heights are drawn from U[0, kMaxHeight]

/// Horizontal distance of a throw from height h (m) at angle theta (rad) with speed v (m/s).
double range(double h, double theta, double v = kDefaultSpeed);

/// The angle (rad) that maximizes range at height h: asin(v / sqrt(2 v^2 + 2 g h)).
double optimal_angle(double h, double v = kDefaultSpeed);

/// Mean range of uniformly random angles in [-90, 90] degrees at height h (Simpson's rule).
double random_angle_range(double h, double v = kDefaultSpeed);

/// Network action in [-1, 1] to an angle in radians (theta = a * pi / 2).
double action_to_angle(double a);

/// Angle in radians to the network action in [-1, 1].
double angle_to_action(double theta);

/// Points (x, y) of the flight from launch to landing, evenly spaced in time.
std::vector<std::pair<double, double>> flight_arc(double h, double theta, double v = kDefaultSpeed,
                                                  int points = 64);

}  // namespace vaco::projectile

namespace vaco {

/// One-step episodes: observe [h], act with the angle, receive the range, terminate.
class ProjectileEnv : public Env {
 public:
  explicit ProjectileEnv(double speed = projectile::kDefaultSpeed) : speed_(speed) {}

  std::string name() const override { return "projectile"; }
  std::vector<float> reset(uint64_t seed) override;
  StepResult step(std::span<const float> action) override;
  int64_t observation_dim() const override { return 1; }
  int64_t action_dim() const override { return 1; }
  int64_t max_episode_steps() const override { return 1; }
  /// Random angles score 0 and the optimal angle 100, at the current height.
  ReferenceReturns reference_returns() const override;
  /// {height}.
  std::vector<double> save_state() const override { return {height_}; }
  void restore_state(std::span<const double> state) override;

  /// Puts the ball at a chosen height (for evaluation grids); returns the observation.
  std::vector<float> reset_to_height(double h);
  /// The current launch height.
  double height() const { return height_; }

 private:
  double speed_;
  double height_ = 0.0;
};

}  // namespace vaco
