// Per-step scalar metrics kept as device tensors and read back to the host together.
#pragma once
#include <torch/serialize/archive.h>
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
  /// Means since the last drain, by name, with one device-to-host copy; then resets (the sums are
  /// zeroed in place, so a CUDA graph that adds to them stays valid).
  std::map<std::string, double> drain();
  /// How many times each device metric was added since the last drain, in slot order.
  std::vector<int64_t> counts() const { return counts_; }
  /// Counts the device metrics added during a CUDA graph's capture (`after` minus `before`, from
  /// counts()) once more, for a replay of that graph; the replay adds to the sums itself.
  void count_replay(const std::vector<int64_t>& before, const std::vector<int64_t>& after);
  /// Writes the sums and counts since the last drain (for checkpoints; no reset).
  void save(torch::serialize::OutputArchive& archive) const;
  /// Replaces the sums and counts by what save() wrote (tensors already on the right device).
  void load(torch::serialize::InputArchive& archive);
  /// True when nothing was added since the last drain.
  bool empty() const;

 private:
  std::vector<std::string> names_;
  std::vector<torch::Tensor> sums_;
  std::vector<int64_t> counts_;
  std::map<std::string, std::pair<double, int64_t>> host_;
};

/// The global L2 norm of the gradients of `params` (those that have one), as a 0-dim device
/// tensor; 0 when none has a gradient.
torch::Tensor grad_norm(const std::vector<torch::Tensor>& params);

}  // namespace vaco::algos
