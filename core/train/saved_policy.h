// A trained policy read back from a run directory (config.json, run.json, normalization.json,
// policy.pt) and its evaluation on the run's environment.
#pragma once
#include <torch/types.h>

#include <optional>
#include <string>

#include "core/data/normalization.h"
#include "core/nets/policy.h"
#include "core/train/evaluator.h"
#include "core/train/train_config.h"

namespace vaco::train {

/// The policy of a finished (or interrupted) run.
struct SavedPolicy {
  TrainConfig config;
  std::string env_id;
  int64_t obs_dim = 0;  ///< observation width the policy was trained on
  int64_t act_dim = 0;  ///< action width it outputs
  StateStats stats;
  nets::Policy policy{nullptr};
  std::optional<ReferenceReturns> score_reference;  ///< the dataset's own score references (run.json)

  /// Deterministic actions [B, act_dim] for raw observations [B, obs_dim] (CPU).
  torch::Tensor act(const torch::Tensor& raw_observations);
};

/// Loads a run directory; throws vaco::Error naming the missing or broken file.
SavedPolicy load_saved_policy(const std::string& run_dir);

/// Evaluates the saved policy on its environment (see evaluate_policy); throws vaco::Error when
/// the environment is unknown.
EvalResult evaluate_saved_policy(SavedPolicy& saved, const EvalOptions& options);

}  // namespace vaco::train
