// Per-step scalar metrics kept as device tensors and read back to the host together.
#pragma once
#include <torch/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vaco::algos {

/// Sums scalar tensors by name without host syncs; drain() copies them all in one transfer.
class MetricAccumulator {
 public:
  /// Adds a 0-dim tensor (detached) to the running sum of `name`.
  void add(const std::string& name, const torch::Tensor& value);
  /// Adds a host-side number (e.g. a scheduled sigma_t) to the running sum of `name`.
  void add_scalar(const std::string& name, double value);
  /// Means since the last drain, by name, with one device-to-host copy; then resets.
  std::map<std::string, double> drain();
  /// True when nothing was added since the last drain.
  bool empty() const { return names_.empty() && host_.empty(); }

 private:
  std::vector<std::string> names_;
  std::vector<torch::Tensor> sums_;
  std::vector<int64_t> counts_;
  std::map<std::string, std::pair<double, int64_t>> host_;
};

}  // namespace vaco::algos
