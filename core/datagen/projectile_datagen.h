// The mixed-behaviour projectile dataset of shared/reference/projectile.md.
#pragma once
#include <cstdint>

#include "core/data/dataset.h"

namespace vaco {

/// Behaviour labels stored in `infos/behavior`.
enum class ProjectileBehavior : int { NearOptimal = 0, Uniform = 1, Lob = 2 };

/// Recipe of the projectile dataset; the defaults are the reference's.
struct ProjectileDataOptions {
  int64_t samples = 20000;
  uint64_t seed = 0;
  double speed = 10.0;               ///< m/s
  double near_optimal_share = 0.15;  ///< theta* + N(0, noise)
  double uniform_share = 0.25;       ///< uniform in [0, 90] degrees; the rest are lobs
  double near_optimal_noise_deg = 2.0;
  double lob_low_deg = 55.0, lob_high_deg = 85.0;
};

/// Generates the dataset: one row per one-step episode (terminal = 1), states [h], actions
/// [theta / (pi/2)], rewards = range, and the behaviour label of each row in infos/behavior.
/// The same options give the same dataset. Throws vaco::Error on impossible options.
Dataset generate_projectile_dataset(const ProjectileDataOptions& options = {});

}  // namespace vaco
