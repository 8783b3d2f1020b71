#include "core/nets/meta_scorer.h"

namespace vaco::nets {

MetaScorerImpl::MetaScorerImpl(int64_t obs_dim, int64_t act_dim, MetaScorerOptions opts)
    : options(opts),
      net(register_module("net", Mlp((opts.use_state ? obs_dim : 0) + act_dim + (opts.use_value ? 1 : 0),
                                     1, opts.shape))) {}

torch::Tensor MetaScorerImpl::forward(const torch::Tensor& obs, const torch::Tensor& act,
                                      const torch::Tensor& q) {
  std::vector<torch::Tensor> inputs;
  if (options.use_state) inputs.push_back(obs);
  inputs.push_back(act);
  if (options.use_value) inputs.push_back(q.unsqueeze(-1));
  return net->forward(torch::cat(inputs, -1)).squeeze(-1);
}

}  // namespace vaco::nets
