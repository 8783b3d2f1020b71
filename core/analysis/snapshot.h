// What the learned weighting trusts, at one step: per-sample weights and Q on a fixed probe
// set, each probed trajectory's mean weight against its return (the paper's two correlation
// figures), and the weight at every step of a few trajectories. Torch-free, so widgets and
// files can carry it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vaco::analysis {

/// Another per-row integer field of the data (an infos/* key) that the points can be coloured by.
struct LabelField {
  std::string key;                 ///< e.g. "infos/seed"
  std::vector<int> probe;          ///< [P] label 0..K-1 of each probe sample
  std::vector<int> trajectory;     ///< [T] label of each trajectory (its first row's)
  std::vector<std::string> names;  ///< [K] name of each label
};

/// One analysis snapshot of a run. Weights are the learner's per-sample weights normalized to
/// mean 1 over each set (all ones for plain BC and TD3+BC); `probe_q` is empty when the run
/// has no critic.
struct AnalysisSnapshot {
  int64_t step = 0;         ///< global step the snapshot was taken at
  std::string algo;         ///< the learner's name
  int64_t obs_dim = 0, act_dim = 0;

  // The probe set: a fixed random subset of the transitions (the same rows for every seed).
  std::vector<double> probe_weights;       ///< [P]
  std::vector<double> probe_q;             ///< [P], min of the twin Qs; empty without a critic
  std::vector<float> probe_observations;   ///< [P * obs_dim], raw (unnormalized) states
  std::vector<float> probe_actions;        ///< [P * act_dim]
  std::vector<int> probe_labels;           ///< [P] behaviour label (see label_names), -1 when unknown
  double pearson_sample = 0;               ///< r(probe_weights, probe_q); NaN when undefined
  /// [P] the discounted return-to-go of each probe sample in its episode, from the file's
  /// rewards at the critic's γ (cut at the end of the recorded episode); empty when not recorded.
  std::vector<double> probe_return_to_go;
  double pearson_q_return = 0;             ///< r(probe_q, probe_return_to_go): is the critic right? NaN when undefined

  // Whole trajectories: every transition of a fixed subset of episodes.
  std::vector<double> trajectory_mean_weight;  ///< [T]
  std::vector<double> trajectory_return;       ///< [T], the episode's return in the dataset
  std::vector<int64_t> trajectory_length;      ///< [T], transitions averaged
  std::vector<int> trajectory_labels;          ///< [T] behaviour label, -1 when unknown
  /// [T] the dataset episode (index in the file's episode order) of each trajectory; empty in
  /// snapshots written before it was recorded.
  std::vector<int64_t> trajectory_episode;
  double pearson_trajectory = 0;               ///< r(mean weight, return); NaN when undefined
  int64_t dataset_episodes = 0;    ///< episodes in the dataset the T were drawn from (0: not recorded)
  int64_t trajectory_row_cap = 0;  ///< the cap on the T trajectories' transitions (0: not recorded)
  /// Per-step weights, in time order, of the first S <= T trajectories (a capped few, so a file
  /// stays small); entry i has trajectory_length[i] values and their mean is trajectory_mean_weight[i].
  std::vector<std::vector<float>> trajectory_step_weights;

  /// Names of the labels (index = label) when the data names them (infos/policy_checkpoint:
  /// "policy @ 110k steps"); empty when the labels are unnamed (infos/behavior) or absent.
  std::vector<std::string> label_names;
  /// The infos/* key that probe_labels and trajectory_labels come from ("" when none or unknown).
  std::string label_field;
  /// The data's other integer fields with 2-16 distinct values, to colour by instead.
  std::vector<LabelField> other_label_fields;

  /// Number of probe samples.
  size_t probe_size() const { return probe_weights.size(); }
  /// Number of trajectories.
  size_t trajectory_count() const { return trajectory_mean_weight.size(); }
};

}  // namespace vaco::analysis
