// Writes a Dataset as a D4RL-layout HDF5 file that h5py and D4RL's loader read.
#pragma once
#include <string>

#include "core/data/dataset.h"

namespace vaco {

/// Storage type of the float arrays.
enum class FloatStorage { Float32, Float64 };
/// Storage type of `terminals` / `timeouts`.
enum class FlagStorage { BoolEnum, UInt8, Int32, Float32 };

/// How write_d4rl lays the file out. The defaults match D4RL's v2 files.
struct WriteOptions {
  FloatStorage floats = FloatStorage::Float32;
  FlagStorage flags = FlagStorage::BoolEnum;  ///< BoolEnum is what h5py writes for numpy bool
  bool write_timeouts = true;                 ///< false mimics a v0 file
  bool write_next_observations = true;        ///< only when the dataset has them
  int gzip_level = 0;                         ///< 0 = contiguous, 1..9 = chunked + deflate
};

/// Writes `ds` to `path` atomically (a temporary file renamed into place).
/// Throws vaco::Error naming the file and key on failure.
void write_d4rl(const Dataset& ds, const std::string& path, const WriteOptions& options = {});

}  // namespace vaco
