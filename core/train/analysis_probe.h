// The fixed rows a run's analysis snapshots look at (a random probe set of transitions and
// every transition of a subset of episodes), and the snapshot computed on them.
#pragma once
#include <torch/types.h>

#include <cstdint>
#include <functional>

#include "core/algos/algorithm.h"
#include "core/algos/batch.h"
#include "core/analysis/snapshot.h"
#include "core/data/dataset.h"
#include "core/data/transitions.h"

namespace vaco::train {

/// How many rows the probe holds. The rows depend on `seed` only, never on the run's seed, so
/// runs with different seeds are compared on the same samples.
struct ProbeOptions {
  int64_t samples = 2048;              ///< transitions in the per-sample probe set
  int64_t max_trajectories = 2000;     ///< episodes whose every transition is scored
  int64_t max_trajectory_rows = 65536; ///< cap on the transitions of those episodes
  int64_t stored_trajectories = 64;    ///< trajectories (the first ones) whose per-step weights a snapshot keeps
  int64_t stored_steps = 16384;        ///< cap on the steps of those trajectories
  uint64_t seed = 20250424;
  double gamma = 0.99;                 ///< the discount of the probe samples' return-to-go (the critic's γ)
};

/// Q(s, a) of a batch (detached); an empty function, or an undefined result, when the run has no critic.
using BatchQ = std::function<torch::Tensor(const algos::Batch&)>;

/// The probe rows of one run, chosen once; compute() scores them with the current networks.
class AnalysisProbe {
 public:
  /// Picks the rows from `t` (raw, unnormalized observations; with episode_ids) of `ds`.
  AnalysisProbe(const Transitions& t, const Dataset& ds, const ProbeOptions& options = {});
  /// Scores the probe rows, taken from `sampler` (the run's normalized transitions), in chunks
  /// of `chunk` rows so that batch-normalized weights see training-sized batches.
  analysis::AnalysisSnapshot compute(const algos::BatchSampler& sampler, algos::PolicyAlgorithm& learner,
                                     const BatchQ& q, int64_t chunk) const;
  /// compute()'s pearson_trajectory alone (the Pearson r of the trajectories' mean weight with
  /// their return), without scoring the per-sample rows: what the trust guard reads.
  double trajectory_return_agreement(const algos::BatchSampler& sampler, algos::PolicyAlgorithm& learner,
                                     int64_t chunk) const;
  /// Number of per-sample probe rows.
  int64_t samples() const { return probe_rows_.size(0); }
  /// Number of probed trajectories.
  int64_t trajectories() const { return int64_t(traj_return_.size()); }

 private:
  /// The trajectories' rows scored [R] (in traj_rows_ order) and each trajectory's mean weight.
  std::pair<torch::Tensor, std::vector<double>> trajectory_weights(const algos::BatchSampler& sampler,
                                                                   algos::PolicyAlgorithm& learner, int64_t chunk) const;

  torch::Tensor probe_rows_;          ///< [P] int64 transition indices (CPU)
  int64_t obs_dim_ = 0, act_dim_ = 0;
  std::vector<float> probe_obs_, probe_act_;  ///< raw rows for display [P * dim], row-major
  std::vector<int> probe_labels_;
  std::vector<double> probe_rtg_;     ///< [P] discounted return-to-go of each probe row
  torch::Tensor traj_rows_;           ///< [R] int64 transition indices, shuffled (CPU)
  torch::Tensor traj_of_row_;         ///< [R] int64, trajectory slot of each of traj_rows_
  std::vector<int64_t> time_of_row_;  ///< [R] position of each of traj_rows_ within its episode
  int64_t stored_ = 0;                ///< the first stored_ trajectories keep their per-step weights
  int64_t dataset_episodes_ = 0;      ///< episodes the trajectories were drawn from
  int64_t row_cap_ = 0;               ///< ProbeOptions::max_trajectory_rows
  std::vector<double> traj_return_;
  std::vector<int64_t> traj_length_;
  std::vector<int64_t> traj_episode_;  ///< dataset episode of each trajectory
  std::vector<int> traj_labels_;
  std::vector<std::string> label_names_;
  std::string label_field_;                            ///< the key of the labels above
  std::vector<analysis::LabelField> other_fields_;     ///< the data's other integer fields, probed
};

}  // namespace vaco::train
