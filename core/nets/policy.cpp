#include "core/nets/policy.h"

#include "core/nets/functional_mlp.h"

namespace vaco::nets {

PolicyImpl::PolicyImpl(int64_t obs_dim, int64_t act_dim, NetShape shape)
    : net(register_module("net", Mlp(obs_dim, act_dim, shape))) {}

torch::Tensor PolicyImpl::forward(const torch::Tensor& obs) { return torch::tanh(net->forward(obs)); }

torch::Tensor PolicyImpl::forward_with(const torch::Tensor& obs, const std::vector<torch::Tensor>& params,
                                       std::vector<torch::Tensor>* layer_inputs) const {
  return torch::tanh(functional_mlp(obs, params, layer_inputs));
}

torch::Tensor PolicyImpl::jvp_at(const std::vector<torch::Tensor>& layer_inputs, const torch::Tensor& actions,
                                 const std::vector<torch::Tensor>& params,
                                 const std::vector<torch::Tensor>& tangents) const {
  return (1.0 - actions.square()) * functional_mlp_jvp_at(layer_inputs, params, tangents);
}

}  // namespace vaco::nets

namespace vaco::nets {

std::pair<torch::Tensor, torch::Tensor> PolicyImpl::forward_jvp(const torch::Tensor& obs,
                                                                const std::vector<torch::Tensor>& params,
                                                                const std::vector<torch::Tensor>& tangents) const {
  auto [out, d_out] = functional_mlp_jvp(obs, params, tangents);
  const torch::Tensor a = torch::tanh(out);
  return {a, (1.0 - a.square()) * d_out};
}

}  // namespace vaco::nets
