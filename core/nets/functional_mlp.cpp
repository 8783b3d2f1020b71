#include "core/nets/functional_mlp.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/linear.h>

#include "core/util/error.h"

namespace vaco::nets {

torch::Tensor functional_mlp(const torch::Tensor& x, const std::vector<torch::Tensor>& params) {
  if (params.empty() || params.size() % 2 != 0) {
    throw Error("functional_mlp: expected [W0, b0, ..., Wk, bk], got " +
                std::to_string(params.size()) + " tensors");
  }
  torch::Tensor h = x;
  const size_t layers = params.size() / 2;
  for (size_t i = 0; i < layers; ++i) {
    h = torch::linear(h, params[2 * i], params[2 * i + 1]);
    if (i + 1 < layers) h = torch::relu(h);
  }
  return h;
}

std::pair<torch::Tensor, torch::Tensor> functional_mlp_jvp(const torch::Tensor& x,
                                                           const std::vector<torch::Tensor>& params,
                                                           const std::vector<torch::Tensor>& tangents) {
  if (params.size() != tangents.size()) throw Error("functional_mlp_jvp: params and tangents differ in length");
  if (params.empty() || params.size() % 2 != 0) throw Error("functional_mlp_jvp: expected [W0, b0, ..., Wk, bk]");
  torch::Tensor h = x, dh;  // dh undefined: the input has no tangent
  const size_t layers = params.size() / 2;
  for (size_t i = 0; i < layers; ++i) {
    const torch::Tensor& w = params[2 * i];
    torch::Tensor z = torch::linear(h, w, params[2 * i + 1]);
    torch::Tensor dz = torch::linear(h, tangents[2 * i], tangents[2 * i + 1]);
    if (dh.defined()) dz = dz + torch::linear(dh, w);
    if (i + 1 < layers) {
      const torch::Tensor active = (z > 0).to(z.scalar_type());
      h = z * active;
      dh = dz * active;
    } else {
      h = z;
      dh = dz;
    }
  }
  return {h, dh};
}

std::vector<torch::Tensor> sgd_step(const std::vector<torch::Tensor>& params,
                                    const std::vector<torch::Tensor>& grads, double lr) {
  if (params.size() != grads.size()) throw Error("sgd_step: params and grads differ in length");
  std::vector<torch::Tensor> out;
  out.reserve(params.size());
  for (size_t i = 0; i < params.size(); ++i) out.push_back(params[i] - lr * grads[i]);
  return out;
}

}  // namespace vaco::nets
