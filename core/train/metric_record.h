// One record of a run's metrics, as the trainer reports it and as metrics.jsonl stores it.
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

}  // namespace vaco::train
