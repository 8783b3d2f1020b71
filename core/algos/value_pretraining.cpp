#include "core/algos/value_pretraining.h"

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"
#include "core/nets/functional_mlp.h"
#include "core/nets/seed_stack.h"

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
  return (weight * u.square()).mean(-1);
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
  nets::clear_grads(*v_opt_);
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
  nets::clear_grads(*q_opt_);
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

namespace {

torch::Tensor head(const torch::Tensor& x, const std::vector<torch::Tensor>& params) {
  return nets::functional_mlp(x, params).squeeze(-1);
}

}  // namespace

void ValuePretraining::update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  std::vector<ValuePretraining*> critics = seeds_of<ValuePretraining>(*this, seeds, batches);
  std::vector<MetricAccumulator*> sinks;
  for (ValuePretraining* c : critics) sinks.push_back(&c->metrics_);
  stacked_train_step(critics, batches, sinks);
}

void ValuePretraining::stacked_train_step(const std::vector<ValuePretraining*>& critics,
                                          const std::vector<Batch>& batches,
                                          const std::vector<MetricAccumulator*>& sinks) {
  const ValueConfig& c = critics.front()->config_;
  std::vector<torch::Tensor> obs_k, act_k, next_k, rew_k, done_k;
  for (const Batch& b : batches) {
    obs_k.push_back(b.observations);
    act_k.push_back(b.actions);
    next_k.push_back(b.next_observations);
    rew_k.push_back(b.rewards);
    done_k.push_back(b.dones);
  }
  const torch::Tensor obs = nets::stack_seeds(obs_k), next_obs = nets::stack_seeds(next_k);
  const torch::Tensor x = torch::cat({obs, nets::stack_seeds(act_k)}, -1);
  const auto q1_of = [](ValuePretraining& v) { return v.q_->q1->layer_parameters(); };
  const auto q2_of = [](ValuePretraining& v) { return v.q_->q2->layer_parameters(); };
  const auto v_of = [](ValuePretraining& v) { return v.v_->v->layer_parameters(); };

  // (1) V, each seed towards its own target Q.
  torch::Tensor target_q;
  {
    torch::NoGradGuard no_grad;
    target_q = torch::min(head(x, nets::stacked_values(nets::seed_params(critics, [](ValuePretraining& v) { return v.q_target_->q1->layer_parameters(); }))),
                          head(x, nets::stacked_values(nets::seed_params(critics, [](ValuePretraining& v) { return v.q_target_->q2->layer_parameters(); }))));
  }
  const auto v_params = nets::seed_params(critics, v_of);
  const std::vector<torch::Tensor> v_stacked = nets::stacked_leaves(v_params);
  const torch::Tensor v_loss = expectile_loss(target_q - head(obs, v_stacked), c.expectile);  // [K]
  v_loss.sum().backward();
  nets::scatter_grads(v_stacked, v_params);
  for (size_t k = 0; k < critics.size(); ++k) {
    sinks[k]->add("grad_norm/v", grad_norm(critics[k]->v_->parameters()));
    critics[k]->v_opt_->step();
  }

  // (2) Q, both heads, towards r + γ (1 − done) V(s') with the stepped V.
  torch::Tensor td_target;
  {
    torch::NoGradGuard no_grad;
    td_target = nets::stack_seeds(rew_k) +
                c.gamma * (1.0 - nets::stack_seeds(done_k)) * head(next_obs, nets::stacked_values(nets::seed_params(critics, v_of)));
  }
  const auto q1_params = nets::seed_params(critics, q1_of), q2_params = nets::seed_params(critics, q2_of);
  const std::vector<torch::Tensor> q1_stacked = nets::stacked_leaves(q1_params), q2_stacked = nets::stacked_leaves(q2_params);
  const torch::Tensor q_loss = 0.5 * ((head(x, q1_stacked) - td_target).square().mean(-1) +
                                      (head(x, q2_stacked) - td_target).square().mean(-1));  // [K]
  q_loss.sum().backward();
  nets::scatter_grads(q1_stacked, q1_params);
  nets::scatter_grads(q2_stacked, q2_params);
  for (size_t k = 0; k < critics.size(); ++k) {
    ValuePretraining& v = *critics[k];
    sinks[k]->add("grad_norm/q", grad_norm(v.q_->parameters()));
    v.q_opt_->step();
    // (3) Polyak averaging, seed by seed.
    nets::soft_update(*v.q_target_, *v.q_, c.target_tau);
    sinks[k]->add("v_loss", v_loss[int64_t(k)].detach());
    sinks[k]->add("q_loss", q_loss[int64_t(k)].detach());
    sinks[k]->add("q_mean", target_q[int64_t(k)].mean());
    ++v.steps_;
  }
}

void ValuePretraining::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("value.q", q_.ptr().get());
  p.modules.emplace_back("value.q_target", q_target_.ptr().get());
  p.modules.emplace_back("value.v", v_.ptr().get());
  p.optimizers.emplace_back("value.v", v_opt_.get());
  p.optimizers.emplace_back("value.q", q_opt_.get());
}

}  // namespace vaco::algos
