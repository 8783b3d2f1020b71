// A ReLU multilayer perceptron evaluated from an explicit list of parameter tensors, so that a
// policy can be run with θ' = θ − α∇θL while keeping the autograd graph (VACO's inner step).
#pragma once
#include <torch/types.h>

#include <utility>
#include <vector>

namespace vaco::nets {

/// Runs x through Linear(W0,b0) -> ReLU -> ... -> Linear(Wk,bk); params = [W0, b0, ..., Wk, bk].
/// With `layer_inputs`, also returns the input of every layer (x, then each ReLU output; graph kept).
torch::Tensor functional_mlp(const torch::Tensor& x, const std::vector<torch::Tensor>& params,
                             std::vector<torch::Tensor>* layer_inputs = nullptr);

/// Forward-mode product: the output and its directional derivative along `tangents` (one per
/// parameter), i.e. d/dε functional_mlp(x, params + ε tangents) at ε = 0. No autograd needed.
std::pair<torch::Tensor, torch::Tensor> functional_mlp_jvp(const torch::Tensor& x,
                                                           const std::vector<torch::Tensor>& params,
                                                           const std::vector<torch::Tensor>& tangents);

/// The directional derivative of the output along `tangents` from the layer inputs a forward
/// pass recorded (functional_mlp's `layer_inputs`): the same as functional_mlp_jvp's, without
/// running the forward pass again. No autograd needed.
torch::Tensor functional_mlp_jvp_at(const std::vector<torch::Tensor>& layer_inputs,
                                    const std::vector<torch::Tensor>& params,
                                    const std::vector<torch::Tensor>& tangents);

/// One differentiable SGD step: returns params[i] - lr * grads[i] for every i.
std::vector<torch::Tensor> sgd_step(const std::vector<torch::Tensor>& params,
                                    const std::vector<torch::Tensor>& grads, double lr);

}  // namespace vaco::nets
