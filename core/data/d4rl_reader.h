// Reads D4RL HDF5 files (every variant in shared/reference/d4rl-format.md) into a Dataset.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vaco {

/// What read_d4rl loads besides the required arrays.
struct ReadOptions {
  bool read_infos = true;              ///< load numeric `infos/*` arrays
  /// With read_infos, D4RL files: only these `infos/*` keys (those the file has); empty loads them all.
  std::vector<std::string> info_keys;
  bool read_next_observations = true;  ///< load `next_observations` when present
  int64_t max_episode_steps = 0;       ///< v0 files (no timeouts): step limit that ends episodes
  /// Minari files: arrays stored raw (unfiltered little-endian numbers) are copied from a memory
  /// map of the file in parallel instead of through H5Dread, one episode at a time.
  bool raw_reads = true;
};

/// Loads and validates a D4RL HDF5 file into float32 CPU tensors and indexes its episodes.
/// Throws vaco::Error with one line naming the file, the key and the problem; never prints
/// HDF5's error stack.
Dataset read_d4rl(const std::string& path, const ReadOptions& options = {});

}  // namespace vaco
