#include "core/algos/weighted_bc.h"

#include "core/algos/bc.h"
#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"

namespace vaco::algos {

HeuristicWeight parse_heuristic_weight(const std::string& name) {
  if (name == "reciprocal" || name == "bc-recip") return HeuristicWeight::Reciprocal;
  if (name == "awr") return HeuristicWeight::Awr;
  throw Error("unknown heuristic weight '" + name + "' (expected reciprocal or awr)");
}

void WeightedBcConfig::validate() const {
  policy_shape.validate("weighted_bc.policy");
  require_positive("weighted_bc.lr", lr);
  require_positive("weighted_bc.awr_beta", awr_beta);
  require_positive("weighted_bc.awr_clip", awr_clip);
}

torch::Tensor heuristic_weights(const WeightedBcConfig& c, ValuePretraining& critic, const Batch& b) {
  torch::NoGradGuard no_grad;
  const torch::Tensor q = critic.q_value(b.observations, b.actions);
  if (c.weight == HeuristicWeight::Awr) {
    const torch::Tensor adv = q - critic.v()->forward(b.observations);
    return torch::exp(adv / c.awr_beta).clamp_max(c.awr_clip);
  }
  // Reciprocal of the gap to the batch's best value; the batch std keeps it bounded.
  const torch::Tensor w = 1.0 / (q.max() - q + q.std(/*unbiased=*/false) + 1e-6);
  return w / w.mean();
}

WeightedBc::WeightedBc(const WeightedBcConfig& config, const RunContext& ctx,
                       std::shared_ptr<ValuePretraining> critic)
    : config_(config), critic_(std::move(critic)) {
  config_.validate();
  ctx.validate();
  if (!critic_) throw Error("weighted_bc: needs a pretrained critic");
  seed_initialization(ctx.seed);
  policy_ = nets::Policy(ctx.obs_dim, ctx.act_dim, config_.policy_shape);
  policy_->to(ctx.device);
  opt_ = std::make_unique<FusedAdam>(policy_->parameters(), torch::optim::AdamOptions(config_.lr));
}

std::string WeightedBc::name() const { return config_.weight == HeuristicWeight::Awr ? "awr" : "bc-recip"; }

void WeightedBc::update(const Batch& b) {
  const torch::Tensor w = heuristic_weights(config_, *critic_, b);
  weighted_bc_step(*policy_, *opt_, w, b, metrics_);
  ++steps_;
}

void WeightedBc::update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  std::vector<SeedBcStep> steps;
  for (WeightedBc* l : seeds_of<WeightedBc>(*this, seeds, batches)) {
    const Batch& b = batches[steps.size()];
    steps.push_back({.policy = l->policy_.get(), .opt = l->opt_.get(), .batch = &b, .metrics = &l->metrics_,
                     .weights = heuristic_weights(l->config_, *l->critic_, b)});
    ++l->steps_;
  }
  stacked_bc_step(steps);
}

torch::Tensor WeightedBc::sample_weights(const Batch& batch) { return heuristic_weights(config_, *critic_, batch); }

torch::Tensor WeightedBc::act(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return policy_->forward(obs);
}

void WeightedBc::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("policy", policy_.ptr().get());
  p.optimizers.emplace_back("policy", opt_.get());
}

}  // namespace vaco::algos
