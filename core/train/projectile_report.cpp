#include "core/train/projectile_report.h"

#include <cmath>

#include "core/envs/projectile.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

constexpr double kDeg = 180.0 / M_PI;

// The policy's angles (radians) at heights `h`.
std::vector<double> angles(const HeightPolicy& policy, const std::vector<double>& h) {
  const torch::Tensor in = torch::tensor(h, torch::kFloat64).to(torch::kFloat32).unsqueeze(1);
  const torch::Tensor a = policy(in).to(torch::kCPU, torch::kFloat64).reshape({-1}).contiguous();
  if (a.numel() != int64_t(h.size())) throw Error("projectile report: the policy must give one action per height");
  std::vector<double> out(h.size());
  for (size_t i = 0; i < h.size(); ++i) out[i] = projectile::action_to_angle(a.data_ptr<double>()[i]);
  return out;
}

}  // namespace

ProjectileReport projectile_report(const HeightPolicy& policy, const std::vector<double>& heights, int grid) {
  if (grid < 2) throw Error("projectile report: grid must have at least 2 heights");
  ProjectileReport r;
  r.heights = heights;
  for (double th : angles(policy, heights)) r.angles_deg.push_back(th * kDeg);
  for (double h : heights) r.optimal_deg.push_back(projectile::optimal_angle(h) * kDeg);

  std::vector<double> hs(grid);
  for (int i = 0; i < grid; ++i) hs[i] = projectile::kMaxHeight * i / (grid - 1);
  const std::vector<double> th = angles(policy, hs);
  double range = 0, best = 0, rnd = 0, err = 0;
  for (int i = 0; i < grid; ++i) {
    const double opt = projectile::optimal_angle(hs[i]);
    range += projectile::range(hs[i], th[i]);
    best += projectile::range(hs[i], opt);
    rnd += projectile::random_angle_range(hs[i]);
    err += std::abs(th[i] - opt) * kDeg;
  }
  r.mean_range = range / grid;
  r.optimal_mean_range = best / grid;
  r.score = 100.0 * (range - rnd) / (best - rnd);
  r.mean_angle_error_deg = err / grid;
  return r;
}

}  // namespace vaco::train
