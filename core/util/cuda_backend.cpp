#include "core/util/cuda_backend.h"

#include <dlfcn.h>
#include <ATen/Context.h>
#include <torch/cuda.h>

namespace vaco {

bool cuda_backend_loaded() {
  static const bool loaded = [] {
    constexpr const char* kBackend = "libtorch_cuda.so";
    if (dlopen(kBackend, RTLD_NOW | RTLD_NOLOAD) != nullptr) return true;  // linked
    // Registers the backend with libtorch as it loads; found through the app's RUNPATH.
    return dlopen(kBackend, RTLD_NOW | RTLD_GLOBAL) != nullptr;
  }();
  return loaded;
}

void set_cuda_tf32(bool on) {
  at::globalContext().setAllowTF32CuBLAS(on);
  at::globalContext().setAllowTF32CuDNN(on);
}

bool cuda_available() { return cuda_backend_loaded() && torch::cuda::is_available(); }

std::string cuda_unavailable_reason() {
  if (!cuda_backend_loaded()) return "this installation has no CUDA backend (the vaco-studio-cuda package adds it)";
  if (!torch::cuda::is_available()) return "no CUDA device or driver was found";
  return "";
}

}  // namespace vaco
