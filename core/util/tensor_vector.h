// A tensor's values copied into a std::vector on the host (for JSON files and torch-free types).
#pragma once
#include <torch/types.h>

#include <vector>

namespace vaco {

/// All elements of `t` in row-major order, converted to T (float, double, int64_t, int).
template <class T>
std::vector<T> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kCPU).to(torch::CppTypeToScalarType<T>::value).contiguous();
  return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

}  // namespace vaco
