// The tanh-Gaussian policy of SAC (rlkit's TanhGaussianPolicy): a ReLU trunk whose last layer
// gives the mean and the log standard deviation of a Gaussian; actions are tanh of its samples.
#pragma once
#include <torch/types.h>

#include <utility>

#include "core/nets/mlp.h"

namespace vaco::nets {

/// An action with its log-probability under the policy.
struct PolicySample {
  torch::Tensor action;    ///< [B, act_dim] in (-1, 1)
  torch::Tensor log_prob;  ///< [B]
};

/// obs -> mlp -> [mean, log_std] (log_std clamped to [kLogStdMin, kLogStdMax]); a = tanh(u),
/// u ~ N(mean, exp(log_std)^2). The last layer's first act_dim outputs are the mean (rlkit's
/// `last_fc`), the rest the log std (`last_fc_log_std`).
struct GaussianPolicyImpl : torch::nn::Module {
  static constexpr double kLogStdMin = -20.0;
  static constexpr double kLogStdMax = 2.0;

  /// A policy for obs_dim -> act_dim with the given hidden shape (SAC: 2 x 256).
  GaussianPolicyImpl(int64_t obs_dim, int64_t act_dim, NetShape shape = {.hidden = 256, .depth = 2});
  /// Mean and clamped log std of the pre-tanh Gaussian, each [B, act_dim].
  std::pair<torch::Tensor, torch::Tensor> distribution(const torch::Tensor& obs);
  /// A reparameterized sample (gradients flow to the parameters) and its log-probability,
  /// the noise drawn from `gen`.
  PolicySample sample(const torch::Tensor& obs, torch::Generator& gen);
  /// The deterministic action tanh(mean), [B, act_dim] (evaluation).
  torch::Tensor mean_action(const torch::Tensor& obs);
  /// log pi(action | obs) [B] of actions in (-1, 1), computed in float64 (actions at ±1 are
  /// pulled in by 1e-6 so atanh stays finite).
  torch::Tensor log_prob(const torch::Tensor& obs, const torch::Tensor& action);

  Mlp net;
  int64_t act_dim;
};
TORCH_MODULE(GaussianPolicy);

/// log N(u; mean, std) summed over the last dimension minus the tanh correction
/// Σ log(1 - tanh(u)^2), in the stable form 2 (log 2 - u - softplus(-2u)).
torch::Tensor tanh_gaussian_log_prob(const torch::Tensor& u, const torch::Tensor& mean, const torch::Tensor& log_std);

}  // namespace vaco::nets
