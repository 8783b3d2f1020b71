// The named parts of a run's state that a checkpoint holds: modules, optimizers, generators,
// step counters and in-progress metric sums, written to and read from one torch archive; and
// the run dir's checkpoints/ folder (step-<global step>.pt, the newest few kept).
#pragma once
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/algos/metrics.h"

namespace vaco::train {

/// References to everything a checkpoint saves; the names are the archive's keys.
struct CheckpointParts {
  std::vector<std::pair<std::string, torch::nn::Module*>> modules;
  std::vector<std::pair<std::string, torch::optim::Optimizer*>> optimizers;
  std::vector<std::pair<std::string, torch::Generator*>> generators;
  std::vector<std::pair<std::string, int64_t*>> counters;
  /// Metric sums since the last drain; optional on load (older checkpoints lack them: then empty).
  std::vector<std::pair<std::string, algos::MetricAccumulator*>> metrics;
};

/// Writes the parts to `path` atomically (a temporary file, fsync, rename, fsync of the folder);
/// throws vaco::Error.
void save_checkpoint(const CheckpointParts& parts, const std::string& path);

/// Reads the parts back from `path` (tensors onto `device`) into the same structure; throws
/// vaco::Error naming the file when it is missing, or a part is absent or does not fit.
void load_checkpoint(const CheckpointParts& parts, const std::string& path, torch::Device device);

/// "step-000000070.pt": the file name of the checkpoint taken at global step `step`.
std::string checkpoint_file_name(int64_t step);

/// The step-*.pt files of `dir`, newest (highest step) first; empty when there is no such folder.
std::vector<std::string> list_checkpoints(const std::string& dir);

/// Deletes all but the newest `keep` step-*.pt files of `dir`.
void prune_checkpoints(const std::string& dir, int64_t keep);

}  // namespace vaco::train
