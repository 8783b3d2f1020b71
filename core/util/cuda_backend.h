// libtorch's CUDA backend, loaded on first use when it sits beside the app without being linked
// (the vaco-studio package links the CPU libraries only; vaco-studio-cuda adds the CUDA ones).
#pragma once
#include <string>

namespace vaco {

/// Whether libtorch's CUDA backend is in the process, loading it on the first call when it is
/// installed but not linked.
bool cuda_backend_loaded();

/// Whether a CUDA device can be used (the backend loaded and a device found).
bool cuda_available();

/// Why CUDA cannot be used, in words that end a sentence ("" when it can).
std::string cuda_unavailable_reason();

/// Lets CUDA's matrix products and convolutions (cuBLAS, cuDNN) compute in TensorFloat-32 (faster
/// on Ampere and later GPUs, about 1e-3 relative precision), or keeps them in full FP32; process-wide.
void set_cuda_tf32(bool on);

}  // namespace vaco
