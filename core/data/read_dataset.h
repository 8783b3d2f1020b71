// One door to every dataset layout a user may name: D4RL HDF5 files and Minari datasets.
#pragma once
#include <string>

#include "core/data/d4rl_reader.h"
#include "core/data/dataset.h"

namespace vaco {

/// Loads a dataset from a D4RL HDF5 file or a Minari dataset (its folder, its main_data.hdf5 or
/// its id under the Minari root; see minari_data_file). Throws vaco::Error with one line.
Dataset read_dataset(const std::string& source, const ReadOptions& options = {});

}  // namespace vaco
