// How a policy throws on the projectile toy: its angle at chosen heights, and over an even grid
// of heights its mean range, normalized score and mean angle error against the optimum.
#pragma once
#include <torch/types.h>

#include <functional>
#include <vector>

namespace vaco::train {

/// Maps raw heights [B, 1] (metres) to actions [B, 1] in [-1, 1].
using HeightPolicy = std::function<torch::Tensor(const torch::Tensor& heights)>;

/// A policy's behaviour on the projectile toy; angles in degrees.
struct ProjectileReport {
  std::vector<double> heights;         ///< the heights asked for
  std::vector<double> angles_deg;      ///< the policy's angle at each of them
  std::vector<double> optimal_deg;     ///< the optimal angle at each of them
  double mean_range = 0;               ///< over the grid, metres
  double optimal_mean_range = 0;       ///< the optimal policy's mean range over the grid
  double score = 0;                    ///< 100 (R - R_random) / (R_opt - R_random) over the grid
  double mean_angle_error_deg = 0;     ///< mean |θ − θ*| over the grid
};

/// Evaluates `policy` at `heights` and on `grid` evenly spaced heights in [0, 10] m.
ProjectileReport projectile_report(const HeightPolicy& policy, const std::vector<double>& heights, int grid = 201);

}  // namespace vaco::train
