#include "core/nets/gaussian_policy.h"

#include <cmath>

namespace vaco::nets {

GaussianPolicyImpl::GaussianPolicyImpl(int64_t obs_dim, int64_t act_dim, NetShape shape)
    : net(register_module("net", Mlp(obs_dim, 2 * act_dim, shape))), act_dim(act_dim) {}

std::pair<torch::Tensor, torch::Tensor> GaussianPolicyImpl::distribution(const torch::Tensor& obs) {
  const torch::Tensor out = net->forward(obs);
  return {out.narrow(-1, 0, act_dim), out.narrow(-1, act_dim, act_dim).clamp(kLogStdMin, kLogStdMax)};
}

PolicySample GaussianPolicyImpl::sample(const torch::Tensor& obs, torch::Generator& gen) {
  auto [mean, log_std] = distribution(obs);
  const torch::Tensor eps = torch::randn(mean.sizes(), gen, mean.options());
  const torch::Tensor u = mean + log_std.exp() * eps;
  return {torch::tanh(u), tanh_gaussian_log_prob(u, mean, log_std)};
}

torch::Tensor GaussianPolicyImpl::mean_action(const torch::Tensor& obs) {
  return torch::tanh(distribution(obs).first);
}

torch::Tensor GaussianPolicyImpl::log_prob(const torch::Tensor& obs, const torch::Tensor& action) {
  auto [mean, log_std] = distribution(obs);
  const torch::Tensor a = action.to(torch::kFloat64).clamp(-1.0 + 1e-6, 1.0 - 1e-6);
  return tanh_gaussian_log_prob(torch::atanh(a), mean.to(torch::kFloat64), log_std.to(torch::kFloat64));
}

torch::Tensor tanh_gaussian_log_prob(const torch::Tensor& u, const torch::Tensor& mean, const torch::Tensor& log_std) {
  const double half_log_2pi = 0.5 * std::log(2.0 * M_PI);
  const torch::Tensor z = (u - mean) * torch::exp(-log_std);
  const torch::Tensor gaussian = (-0.5 * z.square() - log_std - half_log_2pi).sum(-1);
  const torch::Tensor correction = (2.0 * (std::log(2.0) - u - torch::softplus(-2.0 * u))).sum(-1);
  return gaussian - correction;
}

}  // namespace vaco::nets
