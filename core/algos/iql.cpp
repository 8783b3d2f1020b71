#include "core/algos/iql.h"

#include "core/algos/bc.h"
#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"
#include "core/algos/noise_schedule.h"

namespace vaco::algos {

void IqlConfig::validate() const {
  policy_shape.validate("iql.policy");
  require_positive("iql.actor_lr", actor_lr);
  require_non_negative("iql.beta", beta);
  require_positive("iql.max_weight", max_weight);
  if (schedule_steps < 1) throw SettingError("iql.schedule_steps", "iql.schedule_steps must be >= 1, got " + std::to_string(schedule_steps));
}

Iql::Iql(const IqlConfig& config, const RunContext& ctx, std::shared_ptr<ValuePretraining> critic)
    : config_(config), critic_(std::move(critic)) {
  config_.validate();
  ctx.validate();
  if (!critic_) throw Error("iql: needs a value learner");
  seed_initialization(ctx.seed);
  policy_ = nets::Policy(ctx.obs_dim, ctx.act_dim, config_.policy_shape);
  policy_->to(ctx.device);
  opt_ = std::make_unique<FusedAdam>(policy_->parameters(), torch::optim::AdamOptions(config_.actor_lr));
}

double Iql::actor_lr() const {
  return config_.actor_lr_cosine ? cosine_annealed(config_.actor_lr, steps_, config_.schedule_steps) : config_.actor_lr;
}

void Iql::update(const Batch& b) {
  // 1-3. Critic.
  if (config_.update_critic) critic_->train_step(b, metrics_);
  // 4. Advantage weights from the (updated) critic.
  const torch::Tensor w = sample_weights(b);
  // 5. Advantage-weighted regression of the deterministic actor, at the scheduled learning rate.
  if (!graphed_) before_replay(b);
  weighted_bc_step(*policy_, *opt_, w, b, metrics_);
  metrics_.add_scalar("actor_lr", actor_lr());
  ++steps_;
}

bool Iql::capturable() const {
  return !config_.actor_lr_cosine || fused_adam_device_lr_available(policy_->parameters().front().device());
}

void Iql::before_replay(const Batch& batch) {
  (void)batch;
  set_learning_rate(*opt_, actor_lr());
}

void Iql::after_replay() {
  metrics_.add_scalar("actor_lr", actor_lr());
  if (config_.update_critic) critic_->after_replay();  // the critic's own step counter
  ++steps_;
}

void Iql::set_graphed(bool on) {
  Algorithm::set_graphed(on);
  use_device_lr(*opt_, on && config_.actor_lr_cosine);
}

void Iql::add_step_parts(CheckpointParts& p) {
  add_checkpoint_parts(p);
  if (config_.update_critic) critic_->add_checkpoint_parts(p);
}

void Iql::update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  const std::vector<Iql*> learners = seeds_of<Iql>(*this, seeds, batches);
  if (config_.update_critic) {
    std::vector<ValuePretraining*> critics;
    std::vector<MetricAccumulator*> sinks;
    for (Iql* l : learners) {
      critics.push_back(l->critic_.get());
      sinks.push_back(&l->metrics_);
    }
    ValuePretraining::stacked_train_step(critics, batches, sinks);
  }
  std::vector<SeedBcStep> steps;
  for (Iql* l : learners) {
    const Batch& b = batches[steps.size()];
    if (!l->graphed_) l->before_replay(b);
    l->metrics_.add_scalar("actor_lr", l->actor_lr());
    steps.push_back({.policy = l->policy_.get(), .opt = l->opt_.get(), .batch = &b, .metrics = &l->metrics_,
                     .weights = l->sample_weights(b)});
    ++l->steps_;
  }
  stacked_bc_step(steps);
}

torch::Tensor Iql::sample_weights(const Batch& b) {
  torch::NoGradGuard no_grad;
  const torch::Tensor adv = critic_->q_value(b.observations, b.actions) - critic_->v()->forward(b.observations);
  return torch::exp(config_.beta * adv).clamp_max(config_.max_weight);
}

torch::Tensor Iql::act(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return policy_->forward(obs);
}

void Iql::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("policy", policy_.ptr().get());
  p.optimizers.emplace_back("policy", opt_.get());
}

}  // namespace vaco::algos
