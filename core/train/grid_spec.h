// A grid of training runs as a JSON spec (`vaco grid`): datasets x algorithms x seeds, with
// `--set` overrides for every run and per algorithm. Loading checks every field and every run's
// final config before anything runs; each problem is one line naming the field.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vaco::train {

struct TrainConfig;

/// One column of the grid: an algorithm of the table under a label, with its own overrides.
struct GridAlgorithm {
  std::string label;              ///< the run folder's name; unique in the grid
  std::string algo;               ///< a name of the algorithm table
  std::vector<std::string> sets;  ///< "key=value" overrides after the spec-wide ones
};

/// What each Slurm array task of the grid asks for (`vaco grid run --slurm`); empty strings and
/// zero GPUs are left out of the script.
struct SlurmOptions {
  std::string partition;            ///< --partition
  std::string account;              ///< --account
  std::string time;                 ///< --time, e.g. "04:00:00" or "1-00:00:00"
  std::string mem;                  ///< --mem, e.g. "8G"
  int64_t cpus_per_task = 0;        ///< --cpus-per-task (0: the spec's threads)
  int64_t gpus_per_task = 0;        ///< --gpus-per-task
  std::vector<std::string> extra;   ///< further sbatch options, e.g. "--qos=long"
};

/// A validated grid spec; paths are resolved against the spec file's folder.
struct GridSpec {
  std::string source;                   ///< the spec file as given (for messages)
  std::string out;                      ///< the grid folder ("" when the spec has none)
  std::vector<std::string> datasets;    ///< dataset files, resolved
  std::vector<GridAlgorithm> algorithms;
  std::vector<uint64_t> seeds;
  std::vector<std::string> sets;        ///< overrides for every run, before the algorithm's
  int64_t parallel = 1;                 ///< runs at once
  int64_t threads = 1;                  ///< torch threads per run (--set threads=N)
  bool share_value = true;              ///< one value pretraining per dataset x seed, shared
  bool batch_seeds = false;             ///< the seeds of a dataset x algorithm trained in one process
  SlurmOptions slurm;                   ///< the spec's "slurm" object
};

/// The keys of the spec's "slurm" object.
const std::vector<std::string>& slurm_option_keys();

/// Checks one Slurm option given as text (`key` as in the spec: partition, account, time, mem,
/// cpus_per_task, gpus_per_task) and stores it; throws vaco::Error "<key>: <problem>".
void set_slurm_option(SlurmOptions& options, const std::string& key, const std::string& value);

/// The spec's keys, in documentation order.
const std::vector<std::string>& grid_spec_keys();

/// Reads and checks a spec from JSON; relative paths are taken from `base_dir`. Throws
/// vaco::Error "grid spec <source>: <field>: <problem>" on the first bad field, including a
/// missing dataset file, a duplicate label or dataset file name, and an override that an
/// algorithm's config refuses (apply_override, then TrainConfig::validate).
GridSpec grid_spec_from_json(const nlohmann::json& j, const std::string& source, const std::string& base_dir);

/// A part of a grid (`vaco grid run --datasets/--algorithms/--seeds`): dataset folder names (file
/// names without extension), algorithm labels and seeds; an empty list keeps them all.
struct GridSubset {
  std::vector<std::string> datasets;
  std::vector<std::string> labels;
  std::vector<uint64_t> seeds;
};

/// Loads a spec file (JSON; // comments allowed), narrowed to `subset` before it is checked (the
/// datasets left out need not exist); see grid_spec_from_json. Throws vaco::Error "--datasets:
/// ..." (--algorithms, --seeds) when the subset names something the spec lacks.
GridSpec load_grid_spec(const std::string& path, const GridSubset& subset = {});

/// The config a run of `algorithm` with `seed` trains with: defaults, algo and seed, then
/// threads, the spec-wide overrides and the algorithm's (not validated).
TrainConfig grid_run_config(const GridSpec& spec, const GridAlgorithm& algorithm, uint64_t seed);

/// The overrides that make a run a value-pretraining-only run (after the spec-wide ones).
const std::vector<std::string>& grid_value_run_sets();

/// The config of the shared value run of `seed`: iql with threads, the spec-wide overrides and
/// grid_value_run_sets() (not validated).
TrainConfig grid_value_config(const GridSpec& spec, uint64_t seed);

/// The file name of a dataset without its extension: the dataset's folder in the grid.
std::string dataset_stem(const std::string& path);

}  // namespace vaco::train
