#include "core/nets/policy.h"

#include "core/nets/critics.h"
#include "core/nets/functional_mlp.h"

namespace vaco::nets {

PolicyImpl::PolicyImpl(int64_t obs_dim, int64_t act_dim, NetShape shape)
    : net(register_module("net", Mlp(obs_dim, act_dim, shape))) {}

torch::Tensor PolicyImpl::forward(const torch::Tensor& obs) { return torch::tanh(net->forward(obs)); }

torch::Tensor PolicyImpl::forward_with(const torch::Tensor& obs, const std::vector<torch::Tensor>& params,
                                       std::vector<torch::Tensor>* layer_inputs) const {
  return torch::tanh(functional_mlp(obs, params, layer_inputs));
}

std::vector<torch::Tensor> PolicyImpl::param_grads(const std::vector<torch::Tensor>& layer_inputs,
                                                   const std::vector<torch::Tensor>& params,
                                                   const torch::Tensor& actions, const torch::Tensor& d_actions) const {
  torch::NoGradGuard no_grad;
  const torch::Tensor d_pre = d_actions * (1.0 - actions.square());  // through the tanh
  return functional_mlp_grads(layer_inputs, functional_mlp_deltas(layer_inputs, params, d_pre));
}

Policy cpu_copy(const PolicyImpl& source) {
  const auto& layers = source.net->layers;
  const int64_t in = layers.front()->weight.size(1), out = layers.back()->weight.size(0);
  const NetShape shape{.hidden = layers.front()->weight.size(0), .depth = int64_t(layers.size()) - 1};
  Policy copy(in, out, shape);
  hard_copy_frozen(*copy, source);
  return copy;
}

}  // namespace vaco::nets
