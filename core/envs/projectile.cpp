#include "core/envs/projectile.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace vaco::projectile {

double range(double h, double theta, double v) {
  const double s = std::sin(theta), c = std::cos(theta);
  const double r = v * c / kGravity * (v * s + std::sqrt(v * v * s * s + 2.0 * kGravity * h));
  return r > 0.0 ? r : 0.0;  // cos(-90 deg) rounds to a tiny negative-free value; never below 0
}

double optimal_angle(double h, double v) {
  return std::asin(v / std::sqrt(2.0 * v * v + 2.0 * kGravity * h));
}

double random_angle_range(double h, double v) {
  constexpr int kIntervals = 2000;  // even, for Simpson's rule
  const double lo = -M_PI / 2, hi = M_PI / 2, dx = (hi - lo) / kIntervals;
  double sum = range(h, lo, v) + range(h, hi, v);
  for (int i = 1; i < kIntervals; ++i) sum += (i % 2 ? 4.0 : 2.0) * range(h, lo + i * dx, v);
  return sum * dx / 3.0 / (hi - lo);
}

double action_to_angle(double a) { return a * M_PI / 2.0; }

double angle_to_action(double theta) { return theta / (M_PI / 2.0); }

std::vector<std::pair<double, double>> flight_arc(double h, double theta, double v, int points) {
  const double vx = v * std::cos(theta), vy = v * std::sin(theta);
  const double t_land = (vy + std::sqrt(vy * vy + 2.0 * kGravity * h)) / kGravity;
  std::vector<std::pair<double, double>> arc;
  arc.reserve(size_t(std::max(points, 2)));
  for (int i = 0; i < std::max(points, 2); ++i) {
    const double t = t_land * i / (std::max(points, 2) - 1);
    arc.emplace_back(vx * t, std::max(0.0, h + vy * t - 0.5 * kGravity * t * t));
  }
  return arc;
}

}  // namespace vaco::projectile

namespace vaco {

std::vector<float> ProjectileEnv::reset(uint64_t seed) {
  Rng rng(seed);
  return reset_to_height(rng.uniform(0.0, projectile::kMaxHeight));
}

std::vector<float> ProjectileEnv::reset_to_height(double h) {
  if (!(h >= 0.0) || !std::isfinite(h)) {
    throw Error("projectile: launch height must be a finite number >= 0, got " + std::to_string(h));
  }
  height_ = h;
  return {float(h)};
}

StepResult ProjectileEnv::step(std::span<const float> action) {
  if (action.size() != 1) {
    throw Error("projectile: action has " + std::to_string(action.size()) + " values; expected 1 (the angle)");
  }
  if (!std::isfinite(action[0])) throw Error("projectile: action is not a finite number");
  const double a = std::clamp(double(action[0]), -1.0, 1.0);
  StepResult r;
  r.observation = {float(height_)};
  r.reward = projectile::range(height_, projectile::action_to_angle(a), speed_);
  r.terminated = true;
  return r;
}

ReferenceReturns ProjectileEnv::reference_returns() const {
  return {projectile::random_angle_range(height_, speed_),
          projectile::range(height_, projectile::optimal_angle(height_, speed_), speed_)};
}

void ProjectileEnv::restore_state(std::span<const double> state) {
  if (state.size() != 1 || !std::isfinite(state[0])) throw Error("projectile: a saved state is one finite height");
  reset_to_height(state[0]);
}

}  // namespace vaco
