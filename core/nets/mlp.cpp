#include "core/nets/mlp.h"

#include <string>

#include "core/nets/functional_mlp.h"
#include "core/util/error.h"

namespace vaco::nets {

void NetShape::validate(const char* what) const {
  if (hidden < 1 || hidden > 65536) {
    throw Error(std::string(what) + ": hidden width must be in [1, 65536], got " + std::to_string(hidden));
  }
  if (depth < 1 || depth > 64) {
    throw Error(std::string(what) + ": depth must be in [1, 64], got " + std::to_string(depth));
  }
}

MlpImpl::MlpImpl(int64_t in_dim, int64_t out_dim, NetShape shape) {
  shape.validate("mlp");
  if (in_dim < 1 || out_dim < 1) throw Error("mlp: input and output widths must be >= 1");
  int64_t width = in_dim;
  for (int64_t i = 0; i <= shape.depth; ++i) {
    const int64_t next = i == shape.depth ? out_dim : shape.hidden;
    layers.push_back(register_module("l" + std::to_string(i), torch::nn::Linear(width, next)));
    width = next;
  }
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) { return functional_mlp(x, layer_parameters()); }

std::vector<torch::Tensor> MlpImpl::layer_parameters() const {
  std::vector<torch::Tensor> p;
  p.reserve(layers.size() * 2);
  for (const auto& l : layers) {
    p.push_back(l->weight);
    p.push_back(l->bias);
  }
  return p;
}

}  // namespace vaco::nets
