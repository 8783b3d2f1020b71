// The deterministic tanh policy: observation -> action in [-1, 1].
#pragma once
#include <utility>
#include <vector>

#include "core/nets/mlp.h"

namespace vaco::nets {

/// pi(s) = tanh(mlp(s)).
struct PolicyImpl : torch::nn::Module {
  /// A policy for obs_dim -> act_dim with the given hidden shape.
  PolicyImpl(int64_t obs_dim, int64_t act_dim, NetShape shape = {});
  /// Actions [B, act_dim] for observations [B, obs_dim].
  torch::Tensor forward(const torch::Tensor& obs);
  /// The same policy evaluated with explicit parameters (θ' of the inner step), graph kept;
  /// `layer_inputs` as in functional_mlp.
  torch::Tensor forward_with(const torch::Tensor& obs, const std::vector<torch::Tensor>& params,
                             std::vector<torch::Tensor>* layer_inputs = nullptr) const;
  /// ∇params Σ_i ⟨d_actions_i, π_i⟩ by hand, for `actions` = forward_with(obs, params, &layer_inputs).
  std::vector<torch::Tensor> param_grads(const std::vector<torch::Tensor>& layer_inputs,
                                         const std::vector<torch::Tensor>& params, const torch::Tensor& actions,
                                         const torch::Tensor& d_actions) const;
  /// The live parameters in forward_with's order.
  std::vector<torch::Tensor> layer_parameters() const { return net->layer_parameters(); }

  Mlp net;
};
TORCH_MODULE(Policy);

/// A copy of `source` on the CPU with its present values and no gradients: a still picture of the
/// policy that further training does not change (what a background evaluation acts with).
Policy cpu_copy(const PolicyImpl& source);

}  // namespace vaco::nets
