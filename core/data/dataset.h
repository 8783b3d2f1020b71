// The in-memory offline-RL dataset: D4RL's arrays as float32 tensors plus an episode index.
#pragma once
#include <torch/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/data/episodes.h"

namespace vaco {

/// One D4RL dataset, one row per environment step. Every tensor is float32 and on the CPU
/// after loading; terminals/timeouts hold 0/1.
struct Dataset {
  std::string name;         ///< short name, e.g. "hopper-medium-v2" (file stem by default)
  std::string env_name;     ///< environment id from metadata, or guessed from the name; may be empty
  std::string source_path;  ///< file it was read from; empty when generated in memory
  std::string format = "d4rl";  ///< the layout it was read from: "d4rl" or "minari"
  std::string dataset_id;       ///< Minari's dataset id ("mujoco/hopper/medium-v0"); empty for D4RL
  /// The returns that score 0 and 100 when the dataset itself gives them (Minari's ref_min_score
  /// and ref_max_score); unset otherwise, and the environment's D4RL references apply.
  std::optional<double> ref_min_score, ref_max_score;

  torch::Tensor observations;       ///< [N, obs_dim]
  torch::Tensor actions;            ///< [N, act_dim]
  torch::Tensor rewards;            ///< [N]
  torch::Tensor terminals;          ///< [N], 0/1
  torch::Tensor timeouts;           ///< [N], 0/1; all zeros when the file has none
  torch::Tensor next_observations;  ///< [N, obs_dim] or undefined when absent
  std::map<std::string, torch::Tensor> infos;  ///< "infos/<name>" arrays, first dim N
  /// "metadata/<path>" scalars as text (e.g. metadata/algorithm = "SAC", metadata/iteration = "300000").
  std::map<std::string, std::string> metadata;
  /// "metadata/<path>" arrays written with the file (e.g. metadata/policy/fc0/weight); not read back.
  std::map<std::string, torch::Tensor> metadata_arrays;

  bool has_timeouts = true;           ///< false for v0 files without a `timeouts` key
  std::string stored_dtype = "float32";  ///< storage type of `observations` in the file
  std::vector<std::string> keys;      ///< every dataset path found in the file
  std::vector<std::string> warnings;  ///< non-fatal findings (truncated tail, ignored keys...)
  std::vector<Episode> episodes;      ///< filled by index_episodes()

  /// Number of rows (environment steps).
  int64_t size() const { return observations.defined() ? observations.size(0) : 0; }
  /// Observation width.
  int64_t obs_dim() const { return observations.defined() ? observations.size(1) : 0; }
  /// Action width.
  int64_t act_dim() const { return actions.defined() ? actions.size(1) : 0; }
  /// True when `next_observations` was present in the file.
  bool has_next_observations() const { return next_observations.defined(); }
};

/// Guesses a D4RL environment family ("hopper", "antmaze", ...) from a dataset or file name.
std::string guess_env_name(const std::string& name);

/// The environment a dataset name implies: its family, or for AntMaze the task id the name
/// starts with from "antmaze" on ("d4rl-antmaze-umaze-v2" -> "antmaze-umaze-v2"), since every maze
/// is its own environment.
std::string guess_env_id(const std::string& name);

}  // namespace vaco
