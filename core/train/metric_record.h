// One record of a run's metrics and one evaluation summary, as the trainer reports them and as
// metrics.jsonl stores them.
// Torch-free, so readers of run directories and the GUI can use it.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace vaco::train {

/// Means of the named scalars since the previous record of the same phase.
struct MetricRecord {
  int64_t step = 0;       ///< global step (value phase and policy phase counted together)
  std::string phase;      ///< "value" or "policy"
  double wall_time = 0;   ///< seconds since the trainer was built (NaN when a file has none)
  std::map<std::string, double> values;
};

/// One evaluation's summary, as an "eval" line of metrics.jsonl holds it (null reads as NaN).
struct EvalLine {
  int64_t step = 0;
  double wall_time = 0;
  int64_t episodes = 0;
  double return_mean = 0, return_std = 0, score_mean = 0, score_std = 0;
};

}  // namespace vaco::train
