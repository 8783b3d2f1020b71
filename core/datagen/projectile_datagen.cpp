#include "core/datagen/projectile_datagen.h"

#include <cmath>

#include "core/envs/projectile.h"
#include "core/util/error.h"
#include "core/util/rng.h"

namespace vaco {

namespace {
void check_options(const ProjectileDataOptions& o) {
  if (o.samples < 1 || o.samples > 100'000'000) {
    throw Error("projectile datagen: --samples must be between 1 and 100000000, got " +
                std::to_string(o.samples));
  }
  if (!(o.speed > 0.0) || !std::isfinite(o.speed)) throw Error("projectile datagen: speed must be > 0");
  const double rest = 1.0 - o.near_optimal_share - o.uniform_share;
  if (o.near_optimal_share < 0 || o.uniform_share < 0 || rest < -1e-12) {
    throw Error("projectile datagen: behaviour shares must be >= 0 and sum to at most 1");
  }
  if (!(o.lob_low_deg <= o.lob_high_deg)) throw Error("projectile datagen: lob range is empty");
}
}  // namespace

Dataset generate_projectile_dataset(const ProjectileDataOptions& o) {
  check_options(o);
  const int64_t n = o.samples;
  Rng rng(o.seed);
  Dataset ds;
  ds.name = "projectile";
  ds.env_name = "projectile";
  ds.observations = torch::empty({n, 1}, torch::kFloat32);
  ds.actions = torch::empty({n, 1}, torch::kFloat32);
  ds.rewards = torch::empty({n}, torch::kFloat32);
  ds.terminals = torch::ones({n}, torch::kFloat32);
  ds.timeouts = torch::zeros({n}, torch::kFloat32);
  torch::Tensor behavior = torch::empty({n}, torch::kInt32);
  auto obs = ds.observations.accessor<float, 2>();
  auto act = ds.actions.accessor<float, 2>();
  auto rew = ds.rewards.accessor<float, 1>();
  auto beh = behavior.accessor<int32_t, 1>();
  constexpr double kDeg = M_PI / 180.0;
  for (int64_t i = 0; i < n; ++i) {
    const double h = rng.uniform(0.0, projectile::kMaxHeight);
    const double pick = rng.uniform();
    double theta;
    ProjectileBehavior b;
    if (pick < o.near_optimal_share) {
      b = ProjectileBehavior::NearOptimal;
      theta = projectile::optimal_angle(h, o.speed) + rng.normal(0.0, o.near_optimal_noise_deg * kDeg);
    } else if (pick < o.near_optimal_share + o.uniform_share) {
      b = ProjectileBehavior::Uniform;
      theta = rng.uniform(0.0, 90.0) * kDeg;
    } else {
      b = ProjectileBehavior::Lob;
      theta = rng.uniform(o.lob_low_deg, o.lob_high_deg) * kDeg;
    }
    theta = std::clamp(theta, -M_PI / 2, M_PI / 2);
    obs[i][0] = float(h);
    act[i][0] = float(projectile::angle_to_action(theta));
    rew[i] = float(projectile::range(h, theta, o.speed));
    beh[i] = int32_t(b);
  }
  ds.infos["infos/behavior"] = behavior;
  ds.keys = {"actions", "infos/behavior", "observations", "rewards", "terminals", "timeouts"};
  index_episodes(ds);
  return ds;
}

}  // namespace vaco
