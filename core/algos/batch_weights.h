// Turning raw per-sample scores into batch weights, their statistics, and collapse guards.
#pragma once
#include <torch/types.h>

#include <string>

namespace vaco::algos {

/// How raw meta-scores become the batch's weights.
enum class WeightNormalization {
  SigmoidMean,   ///< sigmoid(raw) / mean over the batch (mean weight 1); the paper's default
  SoftmaxBatch,  ///< softmax(raw) * B (mean weight 1)
  Sigmoid,       ///< sigmoid(raw), no batch normalization ("none")
  Ones,          ///< every weight 1 (turns VACO into BC; for tests and ablations)
};

/// Parses "sigmoid-mean", "softmax", "none", "ones"; throws vaco::Error otherwise.
WeightNormalization parse_weight_normalization(const std::string& name);

/// The weights [B] for raw scores [B]. Every function here reduces over the last dimension, so
/// stacked seeds' weights [K, B] get each seed's own (ESS and KL then [K]).
torch::Tensor normalize_weights(const torch::Tensor& raw, WeightNormalization mode);

/// Effective sample size fraction (Σw)² / (B Σw²), in (0, 1]; 1 for uniform weights.
torch::Tensor effective_sample_size(const torch::Tensor& w);

/// (1 - lambda) w + lambda mean(w): a fixed blend with uniform weights (lambda in [0, 1]).
torch::Tensor blend_uniform(const torch::Tensor& w, double lambda);

/// The smallest blend with uniform weights whose ESS is at least `floor` (in (0, 1)); the
/// blend factor is computed in closed form from the weights' variance, with no host sync:
/// ESS = m² / (m² + (1-λ)² var), so λ = clamp(1 - m sqrt((1/floor - 1) / var), 0, 1).
torch::Tensor ess_floor_guard(const torch::Tensor& w, double floor);

/// KL(p || uniform) of p = w / Σw over the batch: Σ p log(B p) >= 0, 0 for uniform weights.
torch::Tensor kl_to_uniform(const torch::Tensor& w);

}  // namespace vaco::algos
