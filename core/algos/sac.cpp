#include "core/algos/sac.h"

#include <cmath>

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"
#include "core/nets/functional_mlp.h"

namespace vaco::algos {

void SacConfig::validate() const {
  shape.validate("sac");
  require_positive("sac.actor_lr", actor_lr);
  require_positive("sac.critic_lr", critic_lr);
  require_positive("sac.alpha_lr", alpha_lr);
  require_range("sac.gamma", gamma, 0.0, 1.0);
  require_range("sac.tau", tau, 0.0, 1.0);
  require_positive("sac.alpha", alpha);
  require_range("sac.target_entropy_per_dim", target_entropy_per_dim, -100.0, 100.0);
}

TemperatureImpl::TemperatureImpl(double alpha)
    : log_alpha(register_parameter("log_alpha", torch::full({1}, std::log(alpha), torch::kFloat32))) {}

Sac::Sac(const SacConfig& config, const RunContext& ctx)
    : config_(config), noise_gen_(make_generator(ctx.device, ctx.seed ^ 0x5acULL)) {
  config_.validate();
  ctx.validate();
  target_entropy_ = config_.target_entropy_per_dim * double(ctx.act_dim);
  seed_initialization(ctx.seed);
  actor_ = nets::GaussianPolicy(ctx.obs_dim, ctx.act_dim, config_.shape);
  critic_ = nets::TwinQ(ctx.obs_dim, ctx.act_dim, config_.shape);
  critic_target_ = nets::TwinQ(ctx.obs_dim, ctx.act_dim, config_.shape);
  temperature_ = Temperature(config_.alpha);
  actor_->to(ctx.device);
  critic_->to(ctx.device);
  critic_target_->to(ctx.device);
  temperature_->to(ctx.device);
  nets::hard_copy_frozen(*critic_target_, *critic_);
  actor_opt_ = std::make_unique<FusedAdam>(actor_->parameters(), torch::optim::AdamOptions(config_.actor_lr));
  critic_opt_ = std::make_unique<FusedAdam>(critic_->parameters(), torch::optim::AdamOptions(config_.critic_lr));
  alpha_opt_ = std::make_unique<FusedAdam>(temperature_->parameters(), torch::optim::AdamOptions(config_.alpha_lr));
}

double Sac::alpha() const { return std::exp(temperature_->log_alpha.item<double>()); }

namespace {

// Assigns `grads` ([gW0, gb0, ...]) to an MLP's parameters as their .grad.
void set_grads(const nets::Mlp& net, const std::vector<torch::Tensor>& grads) {
  auto params = net->layer_parameters();
  for (size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
}

// Fits net(x) to y: sets the parameters' gradients of ½ mean (net(x) − y)², computed by hand,
// and returns net(x).
torch::Tensor set_regression_grads(const nets::Mlp& net, const torch::Tensor& x, const torch::Tensor& y) {
  const auto params = net->layer_parameters();
  std::vector<torch::Tensor> inputs;
  const torch::Tensor q = nets::functional_mlp(x, params, &inputs).squeeze(-1);
  const torch::Tensor d_q = ((q - y) / double(q.size(0))).unsqueeze(-1);
  set_grads(net, nets::functional_mlp_grads(inputs, nets::functional_mlp_deltas(inputs, params, d_q)));
  return q;
}

}  // namespace

Sac::PolicyPass Sac::policy_pass(const torch::Tensor& obs, bool record) {
  PolicyPass p;
  const auto params = actor_->net->layer_parameters();
  const torch::Tensor out = nets::functional_mlp(obs, params, record ? &p.layer_inputs : nullptr);
  const int64_t ad = actor_->act_dim;
  p.mean = out.narrow(1, 0, ad);
  const torch::Tensor raw = out.narrow(1, ad, ad);
  p.log_std = raw.clamp(nets::GaussianPolicyImpl::kLogStdMin, nets::GaussianPolicyImpl::kLogStdMax);
  if (record) {
    p.log_std_passes = (raw >= nets::GaussianPolicyImpl::kLogStdMin) & (raw <= nets::GaussianPolicyImpl::kLogStdMax);
  }
  p.std = p.log_std.exp();
  p.eps = torch::randn(p.mean.sizes(), noise_gen_, p.mean.options());
  const torch::Tensor u = p.mean + p.std * p.eps;
  p.action = torch::tanh(u);
  p.log_prob = nets::tanh_gaussian_log_prob(u, p.mean, p.log_std);
  return p;
}

void Sac::update(const Batch& b) {
  torch::NoGradGuard no_grad;
  const double n = double(b.observations.size(0));
  const torch::Tensor log_alpha = temperature_->log_alpha.detach().clone();
  const torch::Tensor alpha = log_alpha.exp();

  // 1. A reparameterized action for the current states (layer inputs kept for step 3); α's step:
  //    ∂/∂log α of −mean(log α (log π + H̄)) is −mean(log π + H̄).
  const PolicyPass pi = policy_pass(b.observations, /*record=*/true);
  if (config_.auto_alpha) {
    const torch::Tensor entropy_gap = pi.log_prob + target_entropy_;
    temperature_->log_alpha.mutable_grad() = -entropy_gap.mean().reshape({1});
    alpha_opt_->step();
    metrics_.add("alpha_loss", -(log_alpha * entropy_gap).mean());
  }

  // 2. Soft TD target; each critic's gradient of ½ mean (Q_k − y)² is (Q_k − y) / n per sample.
  const PolicyPass next = policy_pass(b.next_observations, /*record=*/false);
  const torch::Tensor y =
      b.rewards + config_.gamma * (1.0 - b.dones) * (critic_target_->min_q(b.next_observations, next.action) - alpha * next.log_prob);
  const torch::Tensor x = torch::cat({b.observations, b.actions}, -1);
  const torch::Tensor q1 = set_regression_grads(critic_->q1, x, y);
  const torch::Tensor q2 = set_regression_grads(critic_->q2, x, y);
  critic_opt_->step();
  const torch::Tensor critic_loss = 0.5 * ((q1 - y).square().mean() + (q2 - y).square().mean());

  // 3. The policy against the updated critic: L = mean(α log π(ã|s) − min Q(s, ã)), ã = tanh(u),
  //    u = μ + σ ε. ∂L/∂u = (−∂minQ/∂ã (1 − ã²) + 2 α ã) / n, since ∂ log π/∂u = 2 tanh(u) given ε;
  //    ∂L/∂μ = ∂L/∂u; ∂L/∂log σ = ∂L/∂u σ ε − α / n where the clamp passes it.
  const nets::MinQPass qpass = critic_->min_q_pass(b.observations, pi.action);
  const torch::Tensor dq_da = critic_->min_q_action_grad(qpass, torch::full_like(qpass.q, -1.0 / n));
  const torch::Tensor d_u = dq_da * (1.0 - pi.action.square()) + (2.0 / n) * alpha * pi.action;
  const torch::Tensor d_log_std = (d_u * pi.std * pi.eps - alpha / n) * pi.log_std_passes;
  const auto actor_params = actor_->net->layer_parameters();
  const auto deltas = nets::functional_mlp_deltas(pi.layer_inputs, actor_params, torch::cat({d_u, d_log_std}, -1));
  set_grads(actor_->net, nets::functional_mlp_grads(pi.layer_inputs, deltas));
  actor_opt_->step();
  const torch::Tensor actor_loss = (alpha * pi.log_prob - qpass.q).mean();

  // 4. Target critic.
  nets::soft_update(*critic_target_, *critic_, config_.tau);

  metrics_.add("q_loss", critic_loss);
  metrics_.add("policy_loss", actor_loss);
  metrics_.add("alpha", alpha.squeeze());
  metrics_.add("entropy", -pi.log_prob.mean());
  metrics_.add("q_mean", q1.mean());
  ++steps_;
}

torch::Tensor Sac::act(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return actor_->mean_action(obs);
}

nets::PolicySample Sac::explore(const torch::Tensor& obs, torch::Generator& gen) {
  torch::NoGradGuard no_grad;
  return actor_->sample(obs, gen);
}

void Sac::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("policy", actor_.ptr().get());
  p.modules.emplace_back("critic", critic_.ptr().get());
  p.modules.emplace_back("critic_target", critic_target_.ptr().get());
  p.modules.emplace_back("temperature", temperature_.ptr().get());
  p.optimizers.emplace_back("policy", actor_opt_.get());
  p.optimizers.emplace_back("critic", critic_opt_.get());
  p.optimizers.emplace_back("alpha", alpha_opt_.get());
  p.generators.emplace_back("noise", &noise_gen_);
}

}  // namespace vaco::algos
