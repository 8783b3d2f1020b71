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
  /// Actions for `params` and their derivative along `tangents` (forward mode, no autograd).
  std::pair<torch::Tensor, torch::Tensor> forward_jvp(const torch::Tensor& obs, const std::vector<torch::Tensor>& params,
                                                      const std::vector<torch::Tensor>& tangents) const;
  /// The derivative of the actions `actions` = forward_with(obs, params, &layer_inputs) along
  /// `tangents`, from that pass's recorded layer inputs (forward mode, no forward pass, no autograd).
  torch::Tensor jvp_at(const std::vector<torch::Tensor>& layer_inputs, const torch::Tensor& actions,
                       const std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& tangents) const;
  /// The live parameters in forward_with's order.
  std::vector<torch::Tensor> layer_parameters() const { return net->layer_parameters(); }

  Mlp net;
};
TORCH_MODULE(Policy);

}  // namespace vaco::nets
