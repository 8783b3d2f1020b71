// The named parts of a run's state that a checkpoint holds: modules, optimizers, generators
// and step counters, written to and read from one torch archive.
#pragma once
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vaco::train {

/// References to everything a checkpoint saves; the names are the archive's keys.
struct CheckpointParts {
  std::vector<std::pair<std::string, torch::nn::Module*>> modules;
  std::vector<std::pair<std::string, torch::optim::Optimizer*>> optimizers;
  std::vector<std::pair<std::string, torch::Generator*>> generators;
  std::vector<std::pair<std::string, int64_t*>> counters;
};

/// Writes the parts to `path` atomically (a temporary file, then a rename); throws vaco::Error.
void save_checkpoint(const CheckpointParts& parts, const std::string& path);

/// Reads the parts back from `path` (tensors onto `device`) into the same structure; throws
/// vaco::Error naming the file when it is missing, or a part is absent or does not fit.
void load_checkpoint(const CheckpointParts& parts, const std::string& path, torch::Device device);

}  // namespace vaco::train
