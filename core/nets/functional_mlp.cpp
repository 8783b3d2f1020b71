#include "core/nets/functional_mlp.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/linear.h>

#include "core/util/error.h"

namespace vaco::nets {
namespace {

// x W^T + b, for one network (W [out, in]) or K stacked ones (W [K, out, in], b [K, out], x [K, B, in]).
torch::Tensor linear_layer(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
  if (w.dim() == 2) return torch::linear(x, w, b);
  if (x.dim() != 3 || x.size(0) != w.size(0))
    throw Error("functional_mlp: stacked weights [K, out, in] need inputs [K, B, in]");
  return torch::baddbmm(b.unsqueeze(1), x, w.transpose(1, 2));
}

// a b for matrices, or the K products a[k] b[k] for stacked ones [K, ., .].
torch::Tensor matmul_any(const torch::Tensor& a, const torch::Tensor& b) {
  return a.dim() == 2 ? torch::mm(a, b) : torch::bmm(a, b);
}

}  // namespace

torch::Tensor functional_mlp(const torch::Tensor& x, const std::vector<torch::Tensor>& params,
                             std::vector<torch::Tensor>* layer_inputs) {
  if (params.empty() || params.size() % 2 != 0) {
    throw Error("functional_mlp: expected [W0, b0, ..., Wk, bk], got " +
                std::to_string(params.size()) + " tensors");
  }
  torch::Tensor h = x;
  const size_t layers = params.size() / 2;
  if (layer_inputs) layer_inputs->clear();
  for (size_t i = 0; i < layers; ++i) {
    if (layer_inputs) layer_inputs->push_back(h);
    h = linear_layer(h, params[2 * i], params[2 * i + 1]);
    // In place when no graph is recorded: the linear layer's output is a fresh tensor.
    if (i + 1 < layers) h = torch::GradMode::is_enabled() ? torch::relu(h) : h.relu_();
  }
  return h;
}

std::vector<torch::Tensor> functional_mlp_deltas(const std::vector<torch::Tensor>& layer_inputs,
                                                 const std::vector<torch::Tensor>& params, const torch::Tensor& d_out) {
  if (layer_inputs.empty() || params.size() != 2 * layer_inputs.size())
    throw Error("functional_mlp_deltas: expected one recorded input per layer of [W0, b0, ..., Wk, bk]");
  const size_t layers = layer_inputs.size();
  std::vector<torch::Tensor> deltas(layers);
  deltas[layers - 1] = d_out;
  // Through layer l's weight, then the ReLU whose output is layer l's input (positive where it passed).
  for (size_t l = layers - 1; l > 0; --l) {
    torch::Tensor d = matmul_any(deltas[l], params[2 * l]);
    deltas[l - 1] = at::threshold_backward_out(d, d, layer_inputs[l], 0);  // in place: d is fresh
  }
  return deltas;
}

namespace {

// [gW0, gb0, ...] of Σ_i c_i ℓ_i, with c_i = weights[i] when weights is defined, else 1.
std::vector<torch::Tensor> grads_from_deltas(const std::vector<torch::Tensor>& layer_inputs,
                                             const std::vector<torch::Tensor>& deltas, const torch::Tensor& weights) {
  if (layer_inputs.size() != deltas.size()) throw Error("functional_mlp grads: one delta per layer expected");
  std::vector<torch::Tensor> grads;
  grads.reserve(2 * deltas.size());
  for (size_t l = 0; l < deltas.size(); ++l) {
    const torch::Tensor wd = weights.defined() ? deltas[l] * weights.unsqueeze(-1) : deltas[l];
    grads.push_back(matmul_any(wd.transpose(-2, -1), layer_inputs[l]));
    grads.push_back(wd.sum(-2));
  }
  return grads;
}

}  // namespace

std::vector<torch::Tensor> functional_mlp_weighted_grads(const std::vector<torch::Tensor>& layer_inputs,
                                                         const std::vector<torch::Tensor>& deltas,
                                                         const torch::Tensor& weights) {
  if (!weights.defined()) throw Error("functional_mlp_weighted_grads: weights expected");
  return grads_from_deltas(layer_inputs, deltas, weights);
}

std::vector<torch::Tensor> functional_mlp_grads(const std::vector<torch::Tensor>& layer_inputs,
                                                const std::vector<torch::Tensor>& deltas) {
  return grads_from_deltas(layer_inputs, deltas, torch::Tensor());
}

torch::Tensor functional_mlp_grad_dots(const std::vector<torch::Tensor>& layer_inputs,
                                       const std::vector<torch::Tensor>& deltas,
                                       const std::vector<torch::Tensor>& tangents) {
  if (layer_inputs.size() != deltas.size() || tangents.size() != 2 * deltas.size())
    throw Error("functional_mlp_grad_dots: one delta per layer and [W0, b0, ...] tangents expected");
  torch::Tensor dots;
  for (size_t l = 0; l < deltas.size(); ++l) {
    // ⟨δ_i h_iᵀ, G⟩ + ⟨δ_i, g⟩ = δ_i · (G h_i + g)
    const torch::Tensor d = (deltas[l] * linear_layer(layer_inputs[l], tangents[2 * l], tangents[2 * l + 1])).sum(-1);
    dots = dots.defined() ? dots.add_(d) : d;
  }
  return dots;
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
