// The meta-scoring network w_phi(s, a, Q) of VACO, with the paper's input ablations.
#pragma once
#include <vector>

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
  /// The network's input [s?, a, Q?] [B, in] for the ablation switches.
  torch::Tensor input(const torch::Tensor& obs, const torch::Tensor& act, const torch::Tensor& q) const;
  /// forward() without autograd, recording the layer inputs that param_grads needs.
  torch::Tensor forward_recorded(const torch::Tensor& obs, const torch::Tensor& act, const torch::Tensor& q,
                                 std::vector<torch::Tensor>& layer_inputs) const;
  /// ∇phi Σ_i d_raw[i] · raw_i by hand, from forward_recorded's layer inputs, in parameters() order.
  std::vector<torch::Tensor> param_grads(const std::vector<torch::Tensor>& layer_inputs,
                                         const torch::Tensor& d_raw) const;

  MetaScorerOptions options;
  Mlp net;
};
TORCH_MODULE(MetaScorer);

}  // namespace vaco::nets
