#include "core/nets/critics.h"

#include "core/util/error.h"

namespace vaco::nets {

TwinQImpl::TwinQImpl(int64_t obs_dim, int64_t act_dim, NetShape shape)
    : q1(register_module("q1", Mlp(obs_dim + act_dim, 1, shape))),
      q2(register_module("q2", Mlp(obs_dim + act_dim, 1, shape))) {}

std::pair<torch::Tensor, torch::Tensor> TwinQImpl::forward(const torch::Tensor& obs,
                                                           const torch::Tensor& act) {
  const torch::Tensor x = torch::cat({obs, act}, -1);
  return {q1->forward(x).squeeze(-1), q2->forward(x).squeeze(-1)};
}

torch::Tensor TwinQImpl::min_q(const torch::Tensor& obs, const torch::Tensor& act) {
  auto [a, b] = forward(obs, act);
  return torch::min(a, b);
}

torch::Tensor TwinQImpl::q1_only(const torch::Tensor& obs, const torch::Tensor& act) {
  return q1->forward(torch::cat({obs, act}, -1)).squeeze(-1);
}

ValueImpl::ValueImpl(int64_t obs_dim, NetShape shape) : v(register_module("v", Mlp(obs_dim, 1, shape))) {}

torch::Tensor ValueImpl::forward(const torch::Tensor& obs) { return v->forward(obs).squeeze(-1); }

void soft_update(torch::nn::Module& target, const torch::nn::Module& source, double tau) {
  torch::NoGradGuard no_grad;
  auto t = target.parameters();
  auto s = source.parameters();
  if (t.size() != s.size()) throw Error("soft_update: networks differ in parameter count");
  for (size_t i = 0; i < t.size(); ++i) t[i].lerp_(s[i], tau);
}

void hard_copy_frozen(torch::nn::Module& target, const torch::nn::Module& source) {
  torch::NoGradGuard no_grad;
  auto t = target.parameters();
  auto s = source.parameters();
  if (t.size() != s.size()) throw Error("hard_copy_frozen: networks differ in parameter count");
  for (size_t i = 0; i < t.size(); ++i) {
    t[i].copy_(s[i]);
    t[i].set_requires_grad(false);
  }
}

}  // namespace vaco::nets
