#include "core/nets/meta_scorer.h"

#include "core/nets/functional_mlp.h"

namespace vaco::nets {

MetaScorerImpl::MetaScorerImpl(int64_t obs_dim, int64_t act_dim, MetaScorerOptions opts)
    : options(opts),
      net(register_module("net", Mlp((opts.use_state ? obs_dim : 0) + act_dim + (opts.use_value ? 1 : 0),
                                     1, opts.shape))) {}

torch::Tensor MetaScorerImpl::input(const torch::Tensor& obs, const torch::Tensor& act, const torch::Tensor& q) const {
  std::vector<torch::Tensor> inputs;
  if (options.use_state) inputs.push_back(obs);
  inputs.push_back(act);
  if (options.use_value) inputs.push_back(q.unsqueeze(-1));
  return torch::cat(inputs, -1);
}

torch::Tensor MetaScorerImpl::forward(const torch::Tensor& obs, const torch::Tensor& act,
                                      const torch::Tensor& q) {
  return net->forward(input(obs, act, q)).squeeze(-1);
}

torch::Tensor MetaScorerImpl::forward_recorded(const torch::Tensor& obs, const torch::Tensor& act,
                                               const torch::Tensor& q, std::vector<torch::Tensor>& layer_inputs) const {
  torch::NoGradGuard no_grad;
  return functional_mlp(input(obs, act, q), net->layer_parameters(), &layer_inputs).squeeze(-1);
}

std::vector<torch::Tensor> MetaScorerImpl::param_grads(const std::vector<torch::Tensor>& layer_inputs,
                                                       const torch::Tensor& d_raw) const {
  torch::NoGradGuard no_grad;
  const std::vector<torch::Tensor> params = net->layer_parameters();
  return functional_mlp_grads(layer_inputs, functional_mlp_deltas(layer_inputs, params, d_raw.unsqueeze(-1)));
}

}  // namespace vaco::nets
