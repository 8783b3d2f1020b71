#include "core/algos/td3bc.h"

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"

namespace vaco::algos {

void Td3BcConfig::validate() const {
  shape.validate("td3bc");
  require_positive("td3bc.actor_lr", actor_lr);
  require_positive("td3bc.critic_lr", critic_lr);
  require_range("td3bc.gamma", gamma, 0.0, 1.0);
  require_range("td3bc.tau", tau, 0.0, 1.0);
  require_non_negative("td3bc.alpha", alpha);
  require_non_negative("td3bc.policy_noise", policy_noise);
  require_non_negative("td3bc.noise_clip", noise_clip);
  if (policy_freq < 1) throw SettingError("td3bc.policy_freq", "td3bc.policy_freq must be >= 1, got " + std::to_string(policy_freq));
}

Td3Bc::Td3Bc(const Td3BcConfig& config, const RunContext& ctx)
    : config_(config), noise_gen_(make_generator(ctx.device, ctx.seed ^ 0x7d3bcULL)) {
  config_.validate();
  ctx.validate();
  seed_initialization(ctx.seed);
  actor_ = nets::Policy(ctx.obs_dim, ctx.act_dim, config_.shape);
  actor_target_ = nets::Policy(ctx.obs_dim, ctx.act_dim, config_.shape);
  critic_ = nets::TwinQ(ctx.obs_dim, ctx.act_dim, config_.shape);
  critic_target_ = nets::TwinQ(ctx.obs_dim, ctx.act_dim, config_.shape);
  actor_->to(ctx.device);
  actor_target_->to(ctx.device);
  critic_->to(ctx.device);
  critic_target_->to(ctx.device);
  nets::hard_copy_frozen(*actor_target_, *actor_);
  nets::hard_copy_frozen(*critic_target_, *critic_);
  actor_opt_ = std::make_unique<FusedAdam>(actor_->parameters(), torch::optim::AdamOptions(config_.actor_lr));
  critic_opt_ = std::make_unique<FusedAdam>(critic_->parameters(), torch::optim::AdamOptions(config_.critic_lr));
}

void Td3Bc::update(const Batch& b) {
  // 1. Target with clipped policy smoothing noise.
  if (!graphed_) before_replay(b);
  torch::Tensor y;
  {
    torch::NoGradGuard no_grad;
    const torch::Tensor next_a = (actor_target_->forward(b.next_observations) + noise_).clamp(-1.0, 1.0);
    y = b.rewards + config_.gamma * (1.0 - b.dones) * critic_target_->min_q(b.next_observations, next_a);
  }
  // 2. Both critics regress on y.
  auto [q1, q2] = critic_->forward(b.observations, b.actions);
  const torch::Tensor critic_loss = (q1 - y).square().mean() + (q2 - y).square().mean();
  critic_opt_->zero_grad();
  critic_loss.backward();
  metrics_.add("grad_norm/q", grad_norm(critic_->parameters()));
  critic_opt_->step();
  metrics_.add("q_loss", critic_loss);

  // 3. Delayed actor update and target updates.
  if (steps_ % config_.policy_freq == 0) {
    const torch::Tensor pi = actor_->forward(b.observations);
    const torch::Tensor q = critic_->q1_only(b.observations, pi);
    const torch::Tensor lambda = config_.alpha / (q.abs().mean().detach() + 1e-6);
    const torch::Tensor actor_loss = -lambda * q.mean() + (pi - b.actions).square().mean();
    actor_opt_->zero_grad();
    actor_loss.backward({}, /*retain_graph=*/false, /*create_graph=*/false, actor_->parameters());
    metrics_.add("grad_norm/policy", grad_norm(actor_->parameters()));
    actor_opt_->step();
    nets::soft_update(*critic_target_, *critic_, config_.tau);
    nets::soft_update(*actor_target_, *actor_, config_.tau);
    metrics_.add("policy_loss", actor_loss);
  }
  ++steps_;
}

void Td3Bc::before_replay(const Batch& b) {
  torch::NoGradGuard no_grad;
  if (!noise_.defined() || noise_.sizes() != b.actions.sizes() || noise_.device() != b.actions.device())
    noise_ = torch::empty(b.actions.sizes(), b.actions.options());
  noise_.normal_(0.0, 1.0, noise_gen_).mul_(config_.policy_noise).clamp_(-config_.noise_clip, config_.noise_clip);
}

torch::Tensor Td3Bc::act(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return actor_->forward(obs);
}

void Td3Bc::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("policy", actor_.ptr().get());
  p.modules.emplace_back("actor_target", actor_target_.ptr().get());
  p.modules.emplace_back("critic", critic_.ptr().get());
  p.modules.emplace_back("critic_target", critic_target_.ptr().get());
  p.optimizers.emplace_back("actor", actor_opt_.get());
  p.optimizers.emplace_back("critic", critic_opt_.get());
  p.generators.emplace_back("noise", &noise_gen_);
}

torch::Tensor Td3Bc::q_value(const Batch& b) {
  torch::NoGradGuard no_grad;
  return critic_->min_q(b.observations, b.actions);
}

}  // namespace vaco::algos
