// The runs of a grid spec: their folders, their `vaco train` command lines, which runs wait for
// a shared value run, and what a rerun does with each folder (skip, resume, start afresh).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/train/grid_report.h"
#include "core/train/grid_spec.h"
#include "core/train/run_dir.h"

namespace vaco::train {

/// The folder name of the shared value runs (<out>/<dataset>/value/seed-<S>).
inline constexpr const char* kGridValueLabel = "value";

/// One run of the grid: one seed, or with batch_seeds several trained in one process.
struct GridRun {
  std::string dataset;            ///< the dataset file
  std::string stem;               ///< dataset_stem(dataset): the dataset's folder
  std::string label;              ///< the algorithm's label, or kGridValueLabel
  std::string algo;
  uint64_t seed = 0;              ///< the seed (batched: the first)
  std::vector<uint64_t> batch;    ///< batched: the seeds trained together (`vaco train --seeds`); else empty
  std::string dir;                ///< <out>/<stem>/<label>/seed-<seed>; batched: <out>/<stem>/<label>
  std::vector<std::string> args;  ///< `vaco` arguments of a fresh start ("train", "--dataset", ...)
  int value_run = -1;             ///< index of the value run it waits for and takes its critic from
};

/// "<out>/<stem>/<label>/seed-<seed>".
std::string grid_run_dir(const std::string& out, const std::string& stem, const std::string& label, uint64_t seed);

/// True when runs of `algorithm` take the shared critic: share_value is on, its table row has a
/// value phase, value_steps > 0, and its critic settings (value.*, value_steps, hidden, depth,
/// batch_size, reward_transform; critic_settings) equal the shared value run's.
bool shares_value(const GridSpec& spec, const GridAlgorithm& algorithm);

/// Every run in start order: the shared value runs first (dataset x seed, only where some
/// algorithm shares), then dataset x algorithm x seed. `out` is the grid folder.
std::vector<GridRun> plan_grid(const GridSpec& spec, const std::string& out);

/// `runs` (from plan_grid) with the seeds of each dataset x label that are in the same state
/// (fresh, or resumable) and wait for the same value run made one batched run, trained by one
/// `vaco train --seeds` process into the same seed-<S> folders; completed runs stay as they are.
/// Reads the run folders' states.
std::vector<GridRun> batch_grid_seeds(const std::vector<GridRun>& runs);

/// "hopper/vaco/seed-0" (batched: "hopper/vaco/seeds-0,1,2"): a run's place in the grid.
std::string grid_run_name(const GridRun& run);

/// The run directories of a run: its dir, or a batched run's dir/seed-<S> for each seed.
std::vector<std::string> grid_run_dirs(const GridRun& run);

/// A run's state; a batched run's is its seeds' common state. Throws vaco::Error when a batched
/// run's seeds are in different states (their folders changed since the grid started).
RunDirState grid_run_state(const GridRun& run);

/// "completed" when every seed of the run completed, else the first other final status.
std::string grid_run_status(const GridRun& run);

/// The file that takes the run's console output: train.log in its dir (batched: in the label's folder).
std::string grid_run_log(const GridRun& run);

/// The `vaco` arguments for a run in `state`: its fresh-start arguments, or train --resume DIR
/// (batched: train --seeds S,... --resume DIR).
std::vector<std::string> run_arguments(const GridRun& run, RunDirState state);

/// The report's cells of a spec: dataset x algorithm, each with its seeds' run folders.
std::vector<GridCell> grid_cells(const GridSpec& spec, const std::string& out);

}  // namespace vaco::train
