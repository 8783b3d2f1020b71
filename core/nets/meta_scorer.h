// The meta-scoring network w_phi(s, a, Q) of VACO, with the paper's input ablations.
#pragma once
#include "core/nets/mlp.h"

namespace vaco::nets {

/// Which inputs the meta-scorer sees, and its hidden shape.
struct MetaScorerOptions {
  bool use_state = true;  ///< false: the "no state input" ablation
  bool use_value = true;  ///< false: the "no value input" ablation
  NetShape shape{};
};

/// Raw per-sample scores (logits, before any batch normalization) from [s?, a, Q?].
struct MetaScorerImpl : torch::nn::Module {
  /// Builds the scorer for the given widths and switches.
  MetaScorerImpl(int64_t obs_dim, int64_t act_dim, MetaScorerOptions options = {});
  /// Raw scores [B] for obs [B, obs_dim], act [B, act_dim], q [B].
  torch::Tensor forward(const torch::Tensor& obs, const torch::Tensor& act, const torch::Tensor& q);

  MetaScorerOptions options;
  Mlp net;
};
TORCH_MODULE(MetaScorer);

}  // namespace vaco::nets
