// Batched policy evaluation: E episodes side by side, one policy forward pass per step for all
// live episodes; returns and D4RL-normalized scores as mean +- std.
#pragma once
#include <torch/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/envs/env.h"

namespace vaco {

/// Maps [B, obs_dim] float32 observations to [B, act_dim] actions (any device; read back to CPU).
using BatchPolicy = std::function<torch::Tensor(const torch::Tensor& observations)>;

/// Makes one fresh environment (called once per episode slot).
using EnvFactory = std::function<std::unique_ptr<Env>()>;

/// How many episodes and which seeds.
struct EvalOptions {
  int64_t episodes = 10;  ///< all run side by side
  uint64_t seed = 0;      ///< episode i starts from reset(seed + i)
  /// The returns that score 0 and 100, when the dataset gives its own (Minari's ref_min_score and
  /// ref_max_score); unset: the environments' D4RL references.
  std::optional<ReferenceReturns> reference;
  /// Record each episode's ground path and goal (EvalResult::paths, goals) in tasks that have
  /// them (Env::ground_position: AntMaze).
  bool record_paths = false;
};

/// A point on the ground plane (x, y), in metres.
using GroundPoint = std::array<double, 2>;

/// What an evaluation measured.
struct EvalResult {
  int64_t episodes = 0;
  int64_t steps = 0;            ///< environment steps over all episodes
  double return_mean = 0.0, return_std = 0.0;
  double score_mean = 0.0, score_std = 0.0;  ///< normalized: 0 random, 100 expert
  std::vector<double> returns;  ///< per episode, in seed order
  std::vector<double> scores;   ///< per episode, against the mean reference returns (or its outcome score)
  /// With EvalOptions::record_paths in a task with positions: per episode, the agent's position
  /// after the reset and after every step; empty otherwise.
  std::vector<std::vector<GroundPoint>> paths;
  /// With record_paths in a task with goals: each episode's goal; empty otherwise.
  std::vector<GroundPoint> goals;
};

/// Runs the episodes to termination or the step limit. The score is D4RL's
/// 100 (R - R_random) / (R_expert - R_random) with options.reference, else the reference returns
/// averaged over the episodes' starts (constant for MuJoCo; per launch height for the projectile).
/// Without options.reference, a task that scores outcomes (Env::episode_score: AntMaze's 100 x
/// success) is scored by them.
/// Deterministic for a seed when the policy is. Throws vaco::Error on bad options or a policy
/// output of the wrong shape.
EvalResult evaluate_policy(const EnvFactory& make_env, const BatchPolicy& policy, const EvalOptions& options);

}  // namespace vaco
