// Writing helpers shared by the D4RL and Minari writers: tensors as HDF5 datasets, h5py's bool
// type, attributes. Each returns the problem as text (empty when it worked) so that the caller
// can name its file and key.
#pragma once
#include <hdf5.h>
#include <torch/types.h>

#include <cstdint>
#include <string>

#include "core/data/h5_util.h"

namespace vaco::h5 {

/// The enum over int8 (FALSE = 0, TRUE = 1) that h5py writes for numpy bool.
Handle bool_enum_type();

/// Link creation properties that make missing parent groups ("infos/qpos" creates "infos").
Handle intermediate_groups();

/// Writes `t` (converted to a contiguous CPU tensor of `mem_type`'s width by the caller) as the
/// dataset `key` under `parent` in `file_type`: contiguous, or chunked and deflated when
/// gzip_level is 1..9; no timestamps, so the same data give the same bytes.
std::string write_tensor(hid_t parent, const std::string& key, const torch::Tensor& t, hid_t file_type,
                         hid_t mem_type, int gzip_level = 0, hid_t lcpl = H5P_DEFAULT);

/// Creates the group `name` under `parent` (no timestamps); invalid handle on failure.
Handle create_group(hid_t parent, const std::string& name, hid_t lcpl = H5P_DEFAULT);

/// Writes a scalar fixed-length string attribute (as h5py writes a Python str).
std::string write_text_attribute(hid_t object, const char* name, const std::string& value);

/// Writes a scalar int64 attribute (as h5py writes a Python int).
std::string write_int_attribute(hid_t object, const char* name, int64_t value);

/// Writes a scalar float64 attribute (as h5py writes a Python float).
std::string write_double_attribute(hid_t object, const char* name, double value);

}  // namespace vaco::h5
