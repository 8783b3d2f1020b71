// References to the state a checkpoint saves, by name: each learner lists its own parts, the
// run adds its counters; core/train/checkpoint writes and reads them.
#pragma once
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/algos/metrics.h"

namespace vaco::algos {

/// References to everything a checkpoint saves; the names are the archive's keys.
struct CheckpointParts {
  std::vector<std::pair<std::string, torch::nn::Module*>> modules;
  std::vector<std::pair<std::string, torch::optim::Optimizer*>> optimizers;
  std::vector<std::pair<std::string, torch::Generator*>> generators;
  std::vector<std::pair<std::string, int64_t*>> counters;
  /// Plain tensors (e.g. an environment's state); on load each is replaced by the stored one.
  std::vector<std::pair<std::string, torch::Tensor*>> tensors;
  /// Metric sums since the last drain; optional on load (older checkpoints lack them: then empty).
  std::vector<std::pair<std::string, MetricAccumulator*>> metrics;
};

}  // namespace vaco::algos
