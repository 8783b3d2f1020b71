#include "core/algos/value_pretraining.h"

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"

namespace vaco::algos {

void ValueConfig::validate() const {
  shape.validate("value");
  require_positive("value.lr", lr);
  require_range("value.gamma", gamma, 0.0, 1.0);
  require_range("value.expectile", expectile, 1e-6, 1.0 - 1e-6);
  require_range("value.target_tau", target_tau, 0.0, 1.0);
}

torch::Tensor expectile_loss(const torch::Tensor& u, double tau) {
  const torch::Tensor weight = torch::abs(tau - (u < 0).to(u.scalar_type()));
  return (weight * u.square()).mean();
}

ValuePretraining::ValuePretraining(const ValueConfig& config, const RunContext& ctx) : config_(config) {
  config_.validate();
  ctx.validate();
  seed_initialization(ctx.seed);
  q_ = nets::TwinQ(ctx.obs_dim, ctx.act_dim, config_.shape);
  q_target_ = nets::TwinQ(ctx.obs_dim, ctx.act_dim, config_.shape);
  v_ = nets::Value(ctx.obs_dim, config_.shape);
  q_->to(ctx.device);
  q_target_->to(ctx.device);
  v_->to(ctx.device);
  nets::hard_copy_frozen(*q_target_, *q_);
  v_opt_ = std::make_unique<FusedAdam>(v_->parameters(), torch::optim::AdamOptions(config_.lr));
  q_opt_ = std::make_unique<FusedAdam>(q_->parameters(), torch::optim::AdamOptions(config_.lr));
}

torch::Tensor ValuePretraining::q_value(const torch::Tensor& obs, const torch::Tensor& act) {
  torch::NoGradGuard no_grad;
  return q_target_->min_q(obs, act);
}

void ValuePretraining::train_step(const Batch& b, MetricAccumulator& sink) {
  // (1) Expectile regression of V towards the in-sample target Q(s, a).
  const torch::Tensor target_q = q_value(b.observations, b.actions);
  const torch::Tensor v = v_->forward(b.observations);
  const torch::Tensor v_loss = expectile_loss(target_q - v, config_.expectile);
  v_opt_->zero_grad();
  v_loss.backward();
  sink.add("grad_norm/v", grad_norm(v_->parameters()));
  v_opt_->step();

  // (2) Q regression towards r + γ (1 - done) V(s'), both heads.
  torch::Tensor td_target;
  {
    torch::NoGradGuard no_grad;
    td_target = b.rewards + config_.gamma * (1.0 - b.dones) * v_->forward(b.next_observations);
  }
  auto [q1, q2] = q_->forward(b.observations, b.actions);
  const torch::Tensor q_loss = 0.5 * ((q1 - td_target).square().mean() + (q2 - td_target).square().mean());
  q_opt_->zero_grad();
  q_loss.backward();
  sink.add("grad_norm/q", grad_norm(q_->parameters()));
  q_opt_->step();

  // (3) Polyak averaging of the target Q.
  nets::soft_update(*q_target_, *q_, config_.target_tau);

  sink.add("v_loss", v_loss);
  sink.add("q_loss", q_loss);
  sink.add("q_mean", target_q.mean());
  ++steps_;
}

void ValuePretraining::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("value.q", q_.ptr().get());
  p.modules.emplace_back("value.q_target", q_target_.ptr().get());
  p.modules.emplace_back("value.v", v_.ptr().get());
  p.optimizers.emplace_back("value.v", v_opt_.get());
  p.optimizers.emplace_back("value.q", q_opt_.get());
}

}  // namespace vaco::algos
