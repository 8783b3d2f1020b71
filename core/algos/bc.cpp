#include "core/algos/bc.h"

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"

namespace vaco::algos {

void BcConfig::validate() const {
  policy_shape.validate("bc.policy");
  require_positive("bc.lr", lr);
}

torch::Tensor squared_action_error(const torch::Tensor& predicted, const torch::Tensor& actions) {
  return (predicted - actions).square().sum(-1);
}

void weighted_bc_step(nets::PolicyImpl& policy, torch::optim::Optimizer& opt, const torch::Tensor& weights,
                      const Batch& b, MetricAccumulator& metrics) {
  const torch::Tensor w = weights.detach();
  const torch::Tensor loss = (w * squared_action_error(policy.forward(b.observations), b.actions)).mean();
  opt.zero_grad();
  loss.backward();
  metrics.add("grad_norm/policy", grad_norm(policy.parameters()));
  opt.step();
  metrics.add("policy_loss", loss);
  metrics.add("weight_mean", w.mean());
  metrics.add("weight_max", w.max());
}

Bc::Bc(const BcConfig& config, const RunContext& ctx) : config_(config) {
  config_.validate();
  ctx.validate();
  seed_initialization(ctx.seed);
  policy_ = nets::Policy(ctx.obs_dim, ctx.act_dim, config_.policy_shape);
  policy_->to(ctx.device);
  opt_ = std::make_unique<FusedAdam>(policy_->parameters(), torch::optim::AdamOptions(config_.lr));
}

void Bc::update(const Batch& b) {
  const torch::Tensor loss = squared_action_error(policy_->forward(b.observations), b.actions).mean();
  opt_->zero_grad();
  loss.backward();
  metrics_.add("grad_norm/policy", grad_norm(policy_->parameters()));
  opt_->step();
  metrics_.add("policy_loss", loss);
  ++steps_;
}

torch::Tensor Bc::act(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return policy_->forward(obs);
}

void Bc::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("policy", policy_.ptr().get());
  p.optimizers.emplace_back("policy", opt_.get());
}

}  // namespace vaco::algos
