// D4RL's `qlearning_dataset` convention: (s, a, r, s', done) transitions from a dataset.
#pragma once
#include <torch/types.h>

#include "core/data/dataset.h"

namespace vaco {

/// Transitions for TD learning. All tensors share the first dimension M <= N - 1.
struct Transitions {
  torch::Tensor observations;       ///< [M, obs_dim]
  torch::Tensor actions;            ///< [M, act_dim]
  torch::Tensor rewards;            ///< [M]
  torch::Tensor next_observations;  ///< [M, obs_dim]
  torch::Tensor dones;              ///< [M], the terminal flag only (never the timeout)
  torch::Tensor source_rows;        ///< [M] int64, the dataset row of each transition
  torch::Tensor episode_ids;        ///< [M] int64, index into Dataset::episodes

  /// Number of transitions.
  int64_t size() const { return rewards.defined() ? rewards.size(0) : 0; }
};

/// Builds D4RL qlearning_dataset transitions: rows 0..N-2, next_obs = obs[i+1] (or the file's
/// next_observations), rows whose timeout is set are skipped, done = terminal.
/// Needs ds.episodes (index_episodes) for episode_ids.
Transitions make_transitions(const Dataset& ds);

}  // namespace vaco
