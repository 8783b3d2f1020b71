// A ReLU multilayer perceptron evaluated from an explicit list of parameter tensors, so that a
// policy can be run with θ' = θ − α∇θL while keeping the autograd graph (VACO's inner step).
#pragma once
#include <torch/types.h>

#include <utility>
#include <vector>

namespace vaco::nets {

/// Runs x through Linear(W0,b0) -> ReLU -> ... -> Linear(Wk,bk); params = [W0, b0, ..., Wk, bk].
/// With `layer_inputs`, also returns the input of every layer (x, then each ReLU output; graph kept).
/// Seeds stacked (nets/seed_stack.h): with every W [K, out, in] and b [K, out], x is [K, B, in] and
/// the output [K, B, out], network k applied to x[k]; the functions below take the same stacked
/// shapes (a leading K on every per-sample tensor and parameter).
torch::Tensor functional_mlp(const torch::Tensor& x, const std::vector<torch::Tensor>& params,
                             std::vector<torch::Tensor>* layer_inputs = nullptr);

/// Per-sample backpropagation without autograd: the derivative of each sample's loss with respect
/// to every layer's pre-activation output, [B, out_l] per layer, from the recorded layer inputs and
/// `d_out` = ∂ℓ_i/∂output [B, out]. Linear in d_out, so any per-sample weighting can come later.
std::vector<torch::Tensor> functional_mlp_deltas(const std::vector<torch::Tensor>& layer_inputs,
                                                 const std::vector<torch::Tensor>& params, const torch::Tensor& d_out);

/// ∇params Σ_i weights_i ℓ_i as [gW0, gb0, ...] from functional_mlp_deltas' output.
std::vector<torch::Tensor> functional_mlp_weighted_grads(const std::vector<torch::Tensor>& layer_inputs,
                                                         const std::vector<torch::Tensor>& deltas,
                                                         const torch::Tensor& weights);

/// ∇params Σ_i ℓ_i as [gW0, gb0, ...] from functional_mlp_deltas' output (every weight 1).
std::vector<torch::Tensor> functional_mlp_grads(const std::vector<torch::Tensor>& layer_inputs,
                                                const std::vector<torch::Tensor>& deltas);

/// Per-sample ⟨∇params ℓ_i, tangents⟩ [B] from functional_mlp_deltas' output (tangents as params).
torch::Tensor functional_mlp_grad_dots(const std::vector<torch::Tensor>& layer_inputs,
                                       const std::vector<torch::Tensor>& deltas,
                                       const std::vector<torch::Tensor>& tangents);

/// One differentiable SGD step: returns params[i] - lr * grads[i] for every i.
std::vector<torch::Tensor> sgd_step(const std::vector<torch::Tensor>& params,
                                    const std::vector<torch::Tensor>& grads, double lr);

}  // namespace vaco::nets
