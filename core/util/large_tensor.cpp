#include "core/util/large_tensor.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace vaco {

torch::Tensor empty_large_float_tensor(at::IntArrayRef sizes) {
  constexpr size_t kHugePage = size_t{2} << 20;
  int64_t numel = 1;
  for (int64_t s : sizes) numel *= s;
  const size_t bytes = size_t(numel) * sizeof(float);
  if (bytes < 4 * kHugePage) return torch::empty(sizes, torch::kFloat32);
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
  madvise(p, rounded, MADV_HUGEPAGE);  // advisory: without THP it is ordinary memory
  return torch::from_blob(p, sizes, [](void* q) { std::free(q); }, torch::kFloat32);
}

}  // namespace vaco
