#include "core/nets/critics.h"

#include "core/nets/functional_mlp.h"
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

MinQPass TwinQImpl::min_q_pass(const torch::Tensor& obs, const torch::Tensor& act) const {
  torch::NoGradGuard no_grad;
  MinQPass p;
  p.obs_dim = obs.size(-1);
  const torch::Tensor x = torch::cat({obs, act}, -1);
  p.q1 = functional_mlp(x, q1->layer_parameters(), &p.inputs1).squeeze(-1);
  p.q2 = functional_mlp(x, q2->layer_parameters(), &p.inputs2).squeeze(-1);
  p.q = torch::min(p.q1, p.q2);
  return p;
}

namespace {

// ∂(Σ_i d_out[i] · net_i)/∂act for the rows `rows` of a recorded pass (all rows when undefined).
torch::Tensor net_action_grad(const Mlp& net, const std::vector<torch::Tensor>& inputs, const torch::Tensor& d_out,
                              const torch::Tensor& rows, int64_t obs_dim) {
  std::vector<torch::Tensor> sub;
  sub.reserve(inputs.size());
  for (const auto& h : inputs) sub.push_back(rows.defined() ? h.index_select(0, rows) : h);
  const std::vector<torch::Tensor> params = net->layer_parameters();
  const torch::Tensor d = rows.defined() ? d_out.index_select(0, rows) : d_out;
  const std::vector<torch::Tensor> deltas = functional_mlp_deltas(sub, params, d.unsqueeze(-1));
  const int64_t act_dim = params[0].size(-1) - obs_dim;
  const torch::Tensor w_act = params[0].narrow(-1, obs_dim, act_dim);
  return deltas[0].dim() == 2 ? torch::mm(deltas[0], w_act) : torch::bmm(deltas[0], w_act);
}

}  // namespace

torch::Tensor TwinQImpl::min_q_action_grad(const MinQPass& p, const torch::Tensor& d_q) const {
  return min_q_action_grad(p, d_q, d_q.is_cpu());
}

torch::Tensor TwinQImpl::min_q_action_grad(const MinQPass& p, const torch::Tensor& d_q, bool gather_rows) const {
  torch::NoGradGuard no_grad;
  if (p.inputs1.empty() || p.inputs2.empty()) throw Error("min_q_action_grad: needs a min_q_pass record");
  // Autograd's minimum: all of the gradient to the smaller input, half to each on a tie.
  const torch::Tensor share1 = (p.q1 < p.q2).to(d_q.scalar_type()) + 0.5 * (p.q1 == p.q2).to(d_q.scalar_type());
  const torch::Tensor d1 = d_q * share1, d2 = d_q - d1;
  const int64_t act_dim = p.inputs1[0].size(-1) - p.obs_dim;
  if (!gather_rows || d_q.dim() > 1) {
    // Masked full-batch passes: no host synchronization (and CUDA-graph friendly); also the form
    // stacked seeds [K, B] take.
    return net_action_grad(q1, p.inputs1, d1, {}, p.obs_dim) + net_action_grad(q2, p.inputs2, d2, {}, p.obs_dim);
  }
  torch::Tensor grad = torch::zeros({d_q.size(0), act_dim}, d_q.options());
  const torch::Tensor rows1 = torch::nonzero(share1 > 0).squeeze(-1);
  const torch::Tensor rows2 = torch::nonzero(share1 < 1).squeeze(-1);
  if (rows1.numel() > 0) grad.index_add_(0, rows1, net_action_grad(q1, p.inputs1, d1, rows1, p.obs_dim));
  if (rows2.numel() > 0) grad.index_add_(0, rows2, net_action_grad(q2, p.inputs2, d2, rows2, p.obs_dim));
  return grad;
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
