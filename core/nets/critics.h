// Value networks: the twin Q(s, a) and the state value V(s).
#pragma once
#include <utility>

#include "core/nets/mlp.h"

namespace vaco::nets {

/// Two independent Q networks on [s, a]; their minimum is the pessimistic estimate.
struct TwinQImpl : torch::nn::Module {
  /// Builds q1 and q2 for (obs_dim + act_dim) -> 1.
  TwinQImpl(int64_t obs_dim, int64_t act_dim, NetShape shape = {});
  /// Both estimates, each [B].
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& obs, const torch::Tensor& act);
  /// min(q1, q2), [B].
  torch::Tensor min_q(const torch::Tensor& obs, const torch::Tensor& act);
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
