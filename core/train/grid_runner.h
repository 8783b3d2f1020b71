// Runs a grid's `vaco train` runs as child processes, `parallel` at once: completed runs are
// skipped, checkpointed ones resumed, the rest started afresh; a run that takes a shared critic
// starts once its value run completed. Prints one line per started and finished run.
#pragma once
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/train/grid_plan.h"

namespace vaco::train {

/// How to run a grid.
struct GridRunOptions {
  std::string exe;                         ///< the `vaco` executable
  int64_t parallel = 1;                    ///< runs at once
  const std::atomic<bool>* stop = nullptr; ///< when set: SIGINT to the running children, wait, start no more
  double poll_seconds = 0.1;               ///< how often the children are checked
};

/// What happened to a grid's runs.
struct GridOutcome {
  int64_t total = 0;
  int64_t skipped = 0;      ///< completed before this call
  int64_t completed = 0;    ///< completed by this call
  int64_t failed = 0;       ///< non-zero exit, a status other than completed, or a failed value run
  int64_t interrupted = 0;  ///< stopped with the grid (they resume on rerun)
  int64_t not_run = 0;      ///< left waiting because the grid was stopped
  bool stopped = false;     ///< the stop flag was seen
  std::vector<std::string> failures;  ///< one line per failed run
  /// True when every run has completed.
  bool ok() const { return failed == 0 && interrupted == 0 && not_run == 0 && !stopped; }
};

/// Runs `runs` (from plan_grid): each child's stdout and stderr go to <dir>/train.log. Progress
/// lines go to `log`. A run that fails (or whose folder cannot be prepared) is reported and the
/// others go on.
GridOutcome run_grid(const std::vector<GridRun>& runs, const GridRunOptions& options, std::ostream& log);

}  // namespace vaco::train
