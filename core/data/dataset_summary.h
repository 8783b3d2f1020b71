// A plain-value summary of a dataset (what `vaco dataset info` prints); free of torch and Qt,
// so the GUI can show it without including libtorch.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vaco {

struct Dataset;

/// What a user wants to know about a dataset at a glance.
struct DatasetSummary {
  std::string path, name, env_name, dtype;
  std::string format = "d4rl";  ///< "d4rl" or "minari"
  std::string dataset_id;       ///< Minari's dataset id ("" for D4RL files)
  std::optional<double> ref_min_score, ref_max_score;  ///< the dataset's own score references
  int64_t rows = 0, obs_dim = 0, act_dim = 0;
  int64_t episodes = 0, terminals = 0, timeouts = 0;
  double return_min = 0, return_mean = 0, return_max = 0;
  double reward_min = 0, reward_mean = 0, reward_max = 0;
  int64_t length_min = 0, length_max = 0;  ///< shortest and longest episode, in rows
  double length_mean = 0;
  bool has_timeouts = false, has_next_observations = false;
  std::vector<std::string> keys, warnings;
  std::vector<double> episode_returns;  ///< one per episode, in file order
  std::map<std::string, std::string> metadata;  ///< the file's metadata/ scalars (see Dataset::metadata)
  std::string recipe;                   ///< metadata/recipe of generated files ("" otherwise)
  std::vector<double> return_quantiles; ///< 10th, 25th, 50th, 75th, 90th percentile of episode returns
  std::vector<double> histogram_edges;  ///< kHistogramBins + 1 edges over [return_min, return_max]
  std::vector<int64_t> histogram_counts;  ///< episodes per bin

  static constexpr int kHistogramBins = 10;
};

/// Summarizes an already loaded dataset.
DatasetSummary summarize(const Dataset& ds);

/// Loads a D4RL file or Minari dataset (see read_dataset) and summarizes it; throws vaco::Error on bad input.
DatasetSummary summarize_file(const std::string& path);

/// The summary as a JSON object text (the keys of `vaco dataset info --json`).
std::string summary_json(const DatasetSummary& s, int indent = 2);

/// The summary as aligned human-readable lines.
std::string summary_text(const DatasetSummary& s);

}  // namespace vaco
