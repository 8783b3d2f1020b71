// State normalization statistics and the reward transforms the peers use.
#pragma once
#include <torch/types.h>

#include <string>

#include "core/data/dataset.h"

namespace vaco {

/// Per-feature mean and std of the states (std + eps, as TD3+BC does).
struct StateStats {
  torch::Tensor mean;  ///< [obs_dim]
  torch::Tensor std;   ///< [obs_dim], already includes eps

  /// (x - mean) / std, broadcast over rows.
  torch::Tensor normalize(const torch::Tensor& x) const;
  /// x * std + mean.
  torch::Tensor denormalize(const torch::Tensor& x) const;
};

/// Mean and std (+ eps) of `observations` over rows.
StateStats compute_state_stats(const torch::Tensor& observations, double eps = 1e-3);

/// Reward transforms of the peers (CORL, IQL, CQL).
enum class RewardTransform {
  None,
  Locomotion,   ///< r * 1000 / (max episode return - min episode return)   (IQL)
  AntMazeIQL,   ///< r - 1
  AntMazeCQL,   ///< r * 10 - 5 (CORL's CQL on AntMaze)
};

/// Parses "none", "locomotion", "antmaze-iql", "antmaze-cql"; throws vaco::Error otherwise.
RewardTransform parse_reward_transform(const std::string& name);

/// The transform that D4RL peers use for an environment family ("antmaze" -> AntMazeIQL,
/// locomotion -> Locomotion, anything else -> None).
RewardTransform default_reward_transform(const std::string& env_name);

/// Applies `transform` to `rewards`; Locomotion uses the dataset's episode returns.
torch::Tensor transform_rewards(const torch::Tensor& rewards, const Dataset& ds,
                                RewardTransform transform);

}  // namespace vaco
