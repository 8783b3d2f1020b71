// Uninitialized CPU tensors for large arrays, backed by transparent huge pages when possible.
#pragma once
#include <torch/types.h>

namespace vaco {

/// An uninitialized float32 CPU tensor. Above a few MB its memory is 2 MB-aligned and marked
/// MADV_HUGEPAGE, so filling it costs 512x fewer page faults (this is what makes loading a
/// D4RL file as fast as memcpy from the page cache).
torch::Tensor empty_large_float_tensor(at::IntArrayRef sizes);

}  // namespace vaco
