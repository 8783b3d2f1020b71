#include "core/algos/bc.h"

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"
#include "core/nets/seed_stack.h"
#include "core/util/error.h"

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
  nets::clear_grads(opt);
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
  nets::clear_grads(*opt_);
  loss.backward();
  metrics_.add("grad_norm/policy", grad_norm(policy_->parameters()));
  opt_->step();
  metrics_.add("policy_loss", loss);
  ++steps_;
}

void Bc::update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  std::vector<SeedBcStep> steps;
  for (Bc* l : seeds_of<Bc>(*this, seeds, batches)) {
    steps.push_back({.policy = l->policy_.get(), .opt = l->opt_.get(), .batch = &batches[steps.size()], .metrics = &l->metrics_});
    ++l->steps_;
  }
  stacked_bc_step(steps);
}

void stacked_bc_step(const std::vector<SeedBcStep>& seeds) {
  std::vector<std::vector<torch::Tensor>> params;
  std::vector<torch::Tensor> obs, act, weights;
  for (const SeedBcStep& s : seeds) {
    params.push_back(s.policy->layer_parameters());
    obs.push_back(s.batch->observations);
    act.push_back(s.batch->actions);
    if (s.weights.defined()) weights.push_back(s.weights.detach());
  }
  if (!weights.empty() && weights.size() != seeds.size()) throw Error("stacked BC: weights for some seeds only");
  const std::vector<torch::Tensor> stacked = nets::stacked_leaves(params);
  const torch::Tensor error = squared_action_error(
      seeds.front().policy->forward_with(nets::stack_seeds(obs), stacked), nets::stack_seeds(act));  // [K, B]
  const torch::Tensor w = weights.empty() ? torch::Tensor() : nets::stack_seeds(weights);
  const torch::Tensor losses = (w.defined() ? w * error : error).mean(-1);  // [K]: each seed's own loss
  losses.sum().backward();
  nets::scatter_grads(stacked, params);
  for (size_t k = 0; k < seeds.size(); ++k) {
    const SeedBcStep& s = seeds[k];
    s.metrics->add("grad_norm/policy", grad_norm(s.policy->parameters()));
    s.opt->step();
    s.metrics->add("policy_loss", losses[int64_t(k)].detach());
    if (w.defined()) {
      s.metrics->add("weight_mean", w[int64_t(k)].mean());
      s.metrics->add("weight_max", w[int64_t(k)].max());
    }
  }
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
