// The named parts of a run's state that a checkpoint holds: modules, optimizers, generators,
// step counters and in-progress metric sums, written to and read from one torch archive; and
// the run dir's checkpoints/ folder (step-<global step>.pt, the newest few kept).
#pragma once
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/algos/checkpoint_parts.h"

namespace vaco::train {

/// The parts of a run's state, as the learners list them (core/algos/checkpoint_parts.h).
using CheckpointParts = algos::CheckpointParts;

/// Writes the parts to `path` atomically (a temporary file, fsync, rename, fsync of the folder);
/// throws vaco::Error.
void save_checkpoint(const CheckpointParts& parts, const std::string& path);

/// Reads the parts back from `path` (tensors onto `device`) into the same structure; throws
/// vaco::Error naming the file when it is missing, or a part is absent or does not fit.
void load_checkpoint(const CheckpointParts& parts, const std::string& path, torch::Device device);

/// Writes one module (as torch::save does) to `path` atomically; throws vaco::Error.
void save_module_file(const torch::nn::Module& module, const std::string& path);

/// "step-000000070.pt": the file name of the checkpoint taken at global step `step`.
std::string checkpoint_file_name(int64_t step);

/// The step-*.pt files of `dir`, newest (highest step) first; empty when there is no such folder.
std::vector<std::string> list_checkpoints(const std::string& dir);

/// Calls `load` on each of `candidates` in turn until one succeeds and returns it; each one that
/// throws vaco::Error before that adds a line to `notes`. Rethrows the last error when none loads,
/// and throws vaco::Error when there are no candidates (`what` names the run).
std::string load_first_readable(const std::vector<std::string>& candidates,
                                const std::function<void(const std::string&)>& load, std::vector<std::string>& notes,
                                const std::string& what);

/// Deletes all but the newest `keep` step-*.pt files of `dir`.
void prune_checkpoints(const std::string& dir, int64_t keep);

}  // namespace vaco::train
