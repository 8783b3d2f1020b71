#include "core/algos/batch_weights.h"

#include "core/util/error.h"

namespace vaco::algos {

WeightNormalization parse_weight_normalization(const std::string& name) {
  if (name == "sigmoid-mean") return WeightNormalization::SigmoidMean;
  if (name == "softmax") return WeightNormalization::SoftmaxBatch;
  if (name == "none") return WeightNormalization::Sigmoid;
  if (name == "ones") return WeightNormalization::Ones;
  throw Error("unknown weight normalization '" + name + "' (expected sigmoid-mean, softmax, none or ones)");
}

torch::Tensor normalize_weights(const torch::Tensor& raw, WeightNormalization mode) {
  switch (mode) {
    case WeightNormalization::SigmoidMean: {
      const torch::Tensor s = torch::sigmoid(raw);
      return s / s.mean(-1, /*keepdim=*/true);
    }
    case WeightNormalization::SoftmaxBatch:
      return torch::softmax(raw, -1) * double(raw.size(-1));
    case WeightNormalization::Sigmoid:
      return torch::sigmoid(raw);
    case WeightNormalization::Ones:
      return torch::ones_like(raw);
  }
  throw Error("normalize_weights: unknown mode");
}

torch::Tensor effective_sample_size(const torch::Tensor& w) {
  return w.sum(-1).square() / (double(w.size(-1)) * w.square().sum(-1));
}

torch::Tensor blend_uniform(const torch::Tensor& w, double lambda) {
  return (1.0 - lambda) * w + lambda * w.mean(-1, /*keepdim=*/true);
}

torch::Tensor ess_floor_guard(const torch::Tensor& w, double floor) {
  const torch::Tensor m = w.mean(-1, /*keepdim=*/true);
  const torch::Tensor var = (w - m).square().mean(-1, /*keepdim=*/true);
  // (1 - λ) may not exceed m sqrt((1/floor - 1) / var); the epsilon keeps var = 0 finite.
  const torch::Tensor keep = m * torch::sqrt((1.0 / floor - 1.0) / (var + 1e-12));
  const torch::Tensor lambda = torch::clamp(1.0 - keep, 0.0, 1.0);
  return (1.0 - lambda) * w + lambda * m;
}

torch::Tensor kl_to_uniform(const torch::Tensor& w) {
  const torch::Tensor p = w / w.sum(-1, /*keepdim=*/true);
  return (p * torch::log(p * double(w.size(-1)) + 1e-12)).sum(-1);
}

}  // namespace vaco::algos
