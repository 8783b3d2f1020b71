// Content checks of a dataset: consistent shapes, finite numbers, 0/1 flags.
#pragma once
#include <torch/types.h>

#include <string>

namespace vaco {

struct Dataset;

/// Throws vaco::Error naming the key, the first bad row and the value when `t` holds NaN or Inf.
void check_finite(const std::string& key, const torch::Tensor& t);

/// The same for a block of `rows` x `cols` contiguous floats that starts at row `first_row`.
void check_finite(const std::string& key, const float* data, int64_t rows, int64_t cols,
                  int64_t first_row);

/// Throws vaco::Error naming the key and the first row whose value is not 0 or 1.
void check_flags(const std::string& key, const torch::Tensor& t);

/// Checks a whole dataset (shapes agree, at least one row and, with `check_values`, finite
/// values and 0/1 flags); throws vaco::Error with one line naming the key and the problem.
void validate_dataset(const Dataset& ds, bool check_values = true);

}  // namespace vaco
