// Value networks: the twin Q(s, a) and the state value V(s).
#pragma once
#include <utility>
#include <vector>

#include "core/nets/mlp.h"

namespace vaco::nets {

/// A forward pass of min(q1, q2) without autograd, with what its backward pass needs.
struct MinQPass {
  torch::Tensor q1, q2, q;                      ///< [B] each; q = min(q1, q2)
  std::vector<torch::Tensor> inputs1, inputs2;  ///< each net's layer inputs ([s, a] first)
  int64_t obs_dim = 0;
};

/// Two independent Q networks on [s, a]; their minimum is the pessimistic estimate.
struct TwinQImpl : torch::nn::Module {
  /// Builds q1 and q2 for (obs_dim + act_dim) -> 1.
  TwinQImpl(int64_t obs_dim, int64_t act_dim, NetShape shape = {});
  /// Both estimates, each [B].
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& obs, const torch::Tensor& act);
  /// min(q1, q2), [B].
  torch::Tensor min_q(const torch::Tensor& obs, const torch::Tensor& act);
  /// min(q1, q2) of (obs, act) without autograd, recording the layer inputs for min_q_action_grad.
  MinQPass min_q_pass(const torch::Tensor& obs, const torch::Tensor& act) const;
  /// ∂(Σ_i d_q[i] · min(q1_i, q2_i)) / ∂act [B, act_dim] by hand, from min_q_pass's record. Ties
  /// split the gradient in half, as autograd's minimum does. With `gather_rows` (the default on
  /// the CPU) each net backpropagates only the rows where it is the minimum, half the work of a
  /// full pass; without it (the default on a GPU: no host synchronization) both run masked passes.
  torch::Tensor min_q_action_grad(const MinQPass& pass, const torch::Tensor& d_q) const;
  torch::Tensor min_q_action_grad(const MinQPass& pass, const torch::Tensor& d_q, bool gather_rows) const;
  /// The first estimate alone, [B] (TD3+BC's actor uses it).
  torch::Tensor q1_only(const torch::Tensor& obs, const torch::Tensor& act);

  Mlp q1, q2;
};
TORCH_MODULE(TwinQ);

/// The state value V(s) -> [B].
struct ValueImpl : torch::nn::Module {
  /// Builds obs_dim -> 1.
  ValueImpl(int64_t obs_dim, NetShape shape = {});
  /// V(s), [B].
  torch::Tensor forward(const torch::Tensor& obs);

  Mlp v;
};
TORCH_MODULE(Value);

/// target <- (1 - tau) target + tau source, parameter by parameter, without autograd.
void soft_update(torch::nn::Module& target, const torch::nn::Module& source, double tau);

/// Copies source's parameters into target (same architecture) and freezes target's gradients.
void hard_copy_frozen(torch::nn::Module& target, const torch::nn::Module& source);

}  // namespace vaco::nets
