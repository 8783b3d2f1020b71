#include "core/algos/vaco.h"

#include <ATen/CPUGeneratorImpl.h>

#include "core/algos/config_check.h"
#include "core/algos/fused_adam.h"
#include "core/nets/functional_mlp.h"
#include "core/nets/seed_stack.h"

namespace vaco::algos {

// ---- configuration -------------------------------------------------------------------------

VacoConfig VacoConfig::paper() {
  VacoConfig c;
  c.meta_gradient = MetaGradient::ForwardMode;
  c.advantage_input = false;
  c.state_centred = false;
  c.guard = CollapseGuard{};
  c.update_critic = false;
  c.policy_lr_cosine = false;
  return c;
}

void VacoConfig::validate() const {
  policy_shape.validate("vaco.policy");
  scorer.shape.validate("vaco.scorer");
  require_positive("vaco.policy_lr", policy_lr);
  require_non_negative("vaco.meta_lr", meta_lr);  // 0 freezes the scorer (an ablation)
  require_non_negative("vaco.inner_lr", inner_lr);
  require_non_negative("vaco.sigma0", sigma0);
  require_non_negative("vaco.sigma_end", sigma_end);
  if (sigma_end > sigma0) {
    throw SettingError("vaco.sigma_end", "vaco.sigma_end (" + setting_text(sigma_end) + ") must not exceed vaco.sigma0 (" +
                setting_text(sigma0) + "): the noise decays");
  }
  if (schedule_steps < 1) throw SettingError("vaco.schedule_steps", "vaco.schedule_steps must be >= 1, got " + std::to_string(schedule_steps));
  require_positive("vaco.q_norm_alpha", q_norm_alpha);
  require_positive("vaco.centre_lr", centre_lr);
  require_range("vaco.centre_fraction", centre_fraction, 0.0, 1.0);
  require_range("vaco.centre_expectile", centre_expectile, 1e-6, 1.0 - 1e-6);
  require_non_negative("vaco.score_temperature", score_temperature);
  require_range("vaco.guard.uniform_blend", guard.uniform_blend, 0.0, 1.0);
  require_non_negative("vaco.guard.kl_penalty", guard.kl_penalty);
  require_range("vaco.guard.ess_floor", guard.ess_floor, 0.0, 0.99);
  require_range("vaco.guard.trust_floor", guard.trust_floor, 0.0, 0.99);
  if (guard.trust_floor > 0.0 && guard.trust_floor < guard.ess_floor) {
    throw SettingError("vaco.guard.trust_floor", "vaco.guard.trust_floor (" + setting_text(guard.trust_floor) + ") must be at least vaco.guard.ess_floor (" +
                setting_text(guard.ess_floor) + "): it is the floor of weights that do not agree with the returns");
  }
  if (guard.trust_every < 1) throw SettingError("vaco.guard.trust_every", "vaco.guard.trust_every must be >= 1, got " + std::to_string(guard.trust_every));
}

// ---- steps 1-3 -----------------------------------------------------------------------------

namespace {

// The scorer's inputs (s, a, value): the batch, followed under policy_baseline by the baseline's
// rows (s, π(s), value of π(s)). Values are detached, and standardized by the batch's statistics
// when configured (the baseline's with the same mean and std, so both stay comparable).
struct ScorerInput {
  torch::Tensor obs, act, value;
};

ScorerInput scorer_input(const VacoConfig& c, const torch::Tensor& obs, const torch::Tensor& act,
                         const torch::Tensor& q_data, const ScorerBaseline* baseline) {
  torch::Tensor q_in = q_data.detach();
  torch::Tensor q_base = c.policy_baseline ? baseline->value.detach() : torch::Tensor();
  if (c.standardize_q_input) {
    const torch::Tensor mean = q_in.mean(-1, /*keepdim=*/true);
    const torch::Tensor scale = q_in.std(-1, /*unbiased=*/false, /*keepdim=*/true) + 1e-6;
    q_in = (q_in - mean) / scale;
    if (q_base.defined()) q_base = (q_base - mean) / scale;
  }
  if (!c.policy_baseline) return {obs, act, q_in};
  return {torch::cat({obs, obs}, -2), torch::cat({act, baseline->actions.detach()}, -2), torch::cat({q_in, q_base}, -1)};
}

// The raw scores of the batch's B samples from the scorer's outputs over scorer_input's rows,
// before state centring.
torch::Tensor batch_raw(const VacoConfig& c, const torch::Tensor& out, int64_t batch) {
  return c.policy_baseline ? out.narrow(-1, 0, batch) - out.narrow(-1, batch, batch) : out;
}

// The raw scores relative to their state's centre under state_centred, standardized over the
// batch and scaled under score_temperature.
torch::Tensor centred(const VacoConfig& c, const torch::Tensor& raw, const ScorerBaseline* baseline) {
  const torch::Tensor scores = c.state_centred ? raw - c.centre_fraction * baseline->state_centre.detach() : raw;
  if (c.score_temperature <= 0.0) return scores;
  return (scores - scores.mean(-1, /*keepdim=*/true)) *
         (c.score_temperature / (scores.std(-1, /*unbiased=*/false, /*keepdim=*/true) + 1e-6));
}

// The state centre's regression loss on the batch's raw scores (over the last dimension): twice
// the expectile loss at centre_expectile, which at 0.5 is exactly their mean squared error.
torch::Tensor centre_loss(const VacoConfig& c, const torch::Tensor& centre, const torch::Tensor& raw) {
  return 2.0 * expectile_loss(raw - centre, c.centre_expectile);
}

void require_baseline(const VacoConfig& c, const ScorerBaseline* baseline) {
  if (c.policy_baseline && (!baseline || !baseline->actions.defined() || !baseline->value.defined()))
    throw Error("vaco: vaco.policy_baseline needs the policy's actions and their values");
  if (c.state_centred && (!baseline || !baseline->state_centre.defined()))
    throw Error("vaco: vaco.state_centred needs the state centre of the batch");
}

// The guarded batch weights from the scorer's raw outputs, and the pre-guard ESS.
std::pair<torch::Tensor, torch::Tensor> weights_from_raw(const VacoConfig& c, const torch::Tensor& raw) {
  torch::Tensor w = normalize_weights(raw, c.normalization);
  const torch::Tensor ess_raw = effective_sample_size(w.detach());
  if (c.guard.uniform_blend > 0.0) w = blend_uniform(w, c.guard.uniform_blend);
  if (c.guard.ess_floor > 0.0) w = ess_floor_guard(w, c.guard.ess_floor);
  return {w, ess_raw};
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> vaco_weights(const VacoConfig& c, nets::MetaScorerImpl& scorer,
                                                     const torch::Tensor& obs, const torch::Tensor& act,
                                                     const torch::Tensor& q_data, const ScorerBaseline* baseline) {
  require_baseline(c, baseline);
  const ScorerInput in = scorer_input(c, obs, act, q_data, baseline);
  return weights_from_raw(c, centred(c, batch_raw(c, scorer.forward(in.obs, in.act, in.value), obs.size(0)), baseline));
}

namespace {

// The outer loss at θ': the critic's value of the perturbed action of π_θ'.
torch::Tensor outer_loss_at(const VacoConfig& c, nets::PolicyImpl& policy, nets::TwinQImpl& critic,
                            const torch::Tensor& obs_in, const std::vector<torch::Tensor>& theta_prime,
                            const torch::Tensor& noise, double sigma) {
  torch::Tensor obs = obs_in;
  torch::Tensor action;
  if (c.noise_on == NoiseTarget::State) {
    obs = obs + sigma * noise;
    action = policy.forward_with(obs, theta_prime);
  } else {
    action = torch::clamp(policy.forward_with(obs, theta_prime) + sigma * noise, -1.0, 1.0);
  }
  const torch::Tensor q = critic.min_q(obs, action);
  torch::Tensor loss = -q.mean();
  if (c.normalize_outer_q) loss = loss * (c.q_norm_alpha / (q.abs().mean().detach() + 1e-6));
  return loss;
}

// The per-sample parts of the outer loss's gradient, detached.
struct OuterTerms {
  torch::Tensor d_action;  ///< ∂L_outer/∂action [B, act_dim] (zero where the clamp cuts)
  torch::Tensor q;         ///< [B] the min-twin Q of the outer loss's actions
  torch::Tensor d_q;       ///< [B] ∂L_outer/∂q_i (−1/B, times the Q normalization when on)
};

// The same outer loss and its gradient with respect to θ' by hand, without autograd: the θ'
// forward pass records its layer inputs, then the critic's and the policy's backward passes.
// `terms`, when given, receives the per-sample parts of that gradient.
std::pair<torch::Tensor, std::vector<torch::Tensor>> outer_loss_and_grad(const VacoConfig& c, nets::PolicyImpl& policy,
                                                                        nets::TwinQImpl& critic,
                                                                        const torch::Tensor& obs_in,
                                                                        const std::vector<torch::Tensor>& theta_prime,
                                                                        const torch::Tensor& noise, double sigma,
                                                                        OuterTerms* terms = nullptr) {
  torch::NoGradGuard no_grad;
  const bool on_state = c.noise_on == NoiseTarget::State;
  const torch::Tensor obs = on_state ? obs_in + sigma * noise : obs_in;
  std::vector<torch::Tensor> inputs;
  const torch::Tensor pi = policy.forward_with(obs, theta_prime, &inputs);
  const torch::Tensor perturbed = on_state ? pi : pi + sigma * noise;
  const torch::Tensor action = on_state ? pi : torch::clamp(perturbed, -1.0, 1.0);
  const nets::MinQPass pass = critic.min_q_pass(obs, action);
  // loss = −k · mean(q), k = 1 or the Q normalization α / mean|q| (a constant to the gradient).
  const int64_t batch = action.size(-2);
  torch::Tensor loss = -pass.q.mean(-1);
  torch::Tensor d_q = torch::full_like(pass.q, -1.0 / double(batch));
  if (c.normalize_outer_q) {
    const torch::Tensor k = c.q_norm_alpha / (pass.q.abs().mean(-1) + 1e-6);
    loss = loss * k;
    d_q = d_q * k.unsqueeze(-1);
  }
  torch::Tensor d_action = critic.min_q_action_grad(pass, d_q);
  // Through the clamp (autograd passes the gradient where −1 ≤ x ≤ 1), then through π_θ'.
  if (!on_state) d_action.mul_(perturbed.ge(-1.0).logical_and_(perturbed.le(1.0)));
  if (terms) *terms = {d_action, pass.q, d_q};
  return {loss, policy.param_grads(inputs, theta_prime, pi, d_action)};
}

}  // namespace

VacoForward vaco_forward(const VacoConfig& c, nets::PolicyImpl& policy, nets::MetaScorerImpl& scorer,
                         nets::TwinQImpl& critic, const Batch& b, const torch::Tensor& q_data,
                         const torch::Tensor& noise, double sigma, const ScorerBaseline* baseline) {
  VacoForward f;
  // (1) batch weights from the meta-scorer (under ForwardMode its own pass runs by hand).
  require_baseline(c, baseline);
  const ScorerInput in = scorer_input(c, b.observations, b.actions, q_data, baseline);
  torch::Tensor out;
  if (c.meta_gradient == MetaGradient::DoubleBackward) {
    out = scorer.forward(in.obs, in.act, in.value);
  } else {
    f.raw_scores = scorer.forward_recorded(in.obs, in.act, in.value, f.scorer_inputs);
    f.raw_scores.requires_grad_(true);
    out = f.raw_scores;
  }
  const torch::Tensor raw = batch_raw(c, out, b.actions.size(-2));
  f.batch_scores = raw.detach();
  std::tie(f.weights, f.ess_raw) = weights_from_raw(c, centred(c, raw, baseline));
  f.kl = kl_to_uniform(f.weights);
  const bool penalize = c.guard.kl_penalty > 0.0;
  const torch::Tensor kl_term = penalize ? c.guard.kl_penalty * f.kl : torch::zeros_like(f.kl);

  // (2) inner step θ' = θ − α ∇θ mean(w · ||π_θ(s) − a||²).
  const std::vector<torch::Tensor> theta = policy.layer_parameters();
  const int64_t batch = b.actions.size(-2);

  if (c.meta_gradient == MetaGradient::DoubleBackward) {
    // θ' keeps the graph of ∇θ, so the outer loss backpropagates into phi through it.
    const torch::Tensor pred = policy.forward_with(b.observations, theta);
    f.per_sample = (pred - b.actions).square().sum(-1);
    f.inner_loss = (f.weights * f.per_sample).mean();
    f.inner_grads = torch::autograd::grad({f.inner_loss}, theta, {}, /*retain_graph=*/true, /*create_graph=*/true);
    const std::vector<torch::Tensor> theta_prime = nets::sgd_step(theta, f.inner_grads, c.inner_lr);
    // (3) outer loss.
    f.outer_loss = outer_loss_at(c, policy, critic, b.observations, theta_prime, noise, sigma);
    f.meta_loss = f.outer_loss + kl_term;
    f.meta_objective = f.meta_loss;
    return f;
  }

  // Forward mode: one pass over π_θ by hand (no graph) and its per-sample deltas; ∇θ inner_loss,
  // θ' and later dL_outer/dw_i = −(α/B) ⟨∇θ' L_outer, ∇θ ℓ_i⟩ all come from them.
  std::vector<torch::Tensor> theta_plain;
  for (const auto& t : theta) theta_plain.push_back(t.detach());
  std::vector<torch::Tensor> theta_prime;
  torch::Tensor err;
  {
    torch::NoGradGuard no_grad;
    const torch::Tensor pred = policy.forward_with(b.observations, theta_plain, &f.layer_inputs);
    err = pred - b.actions;
    f.per_sample = err.square().sum(-1);
    // ∂ℓ_i/∂(pre-tanh output) = 2 (π − a)(1 − π²)
    f.deltas = nets::functional_mlp_deltas(f.layer_inputs, theta_plain, 2.0 * err * (1.0 - pred.square()));
    const torch::Tensor w = f.weights.detach();
    f.inner_loss = (w * f.per_sample).mean(-1);
    f.inner_grads = nets::functional_mlp_weighted_grads(f.layer_inputs, f.deltas, w / double(batch));
    for (size_t i = 0; i < theta.size(); ++i)
      theta_prime.push_back(torch::add(theta_plain[i], f.inner_grads[i], -c.inner_lr));
  }
  // (3) outer loss, and its gradient at θ'.
  std::vector<torch::Tensor> g_outer;
  OuterTerms outer;
  std::tie(f.outer_loss, g_outer) =
      outer_loss_and_grad(c, policy, critic, b.observations, theta_prime, noise, sigma, &outer);
  f.meta_loss = f.outer_loss.detach() + kl_term.detach();
  torch::Tensor d_loss_d_w;
  {
    torch::NoGradGuard no_grad;
    if (c.meta_gradient == MetaGradient::Diagonal) {
      // a_i − π(s_i) = −err_i.
      d_loss_d_w = (outer.d_action * err).sum(-1).mul_(-2.0 * c.inner_lr / double(batch));
    } else if (c.meta_gradient == MetaGradient::Difference) {
      // The whole move to a_i: ∂L/∂q_i · (Q(s_i, a_i) − Q(s_i, â_i)) in place of the linear term.
      const torch::Tensor gain = critic.min_q_pass(b.observations, b.actions).q - outer.q;
      d_loss_d_w = (outer.d_q * gain).mul_(2.0 * c.inner_lr / double(batch));
    } else {
      d_loss_d_w = nets::functional_mlp_grad_dots(f.layer_inputs, f.deltas, g_outer).mul_(-c.inner_lr / double(batch));
    }
  }
  f.meta_objective = penalize ? (f.weights * d_loss_d_w).sum() + kl_term.sum() : (f.weights * d_loss_d_w).sum();
  return f;
}

std::vector<torch::Tensor> vaco_meta_gradient(const VacoForward& f, nets::MetaScorerImpl& scorer) {
  if (!f.raw_scores.defined()) return torch::autograd::grad({f.meta_objective}, scorer.parameters());
  const torch::Tensor d_raw = torch::autograd::grad({f.meta_objective}, {f.raw_scores})[0];
  return scorer.param_grads(f.scorer_inputs, d_raw);
}

namespace {

// Step 5's optimizer step of one seed, its gradients set (its learning rate set by before_replay):
// the gradient norm, then Adam.
void step_policy(nets::PolicyImpl& policy, torch::optim::Optimizer& opt, MetricAccumulator& m) {
  m.add("grad_norm/policy", grad_norm(policy.parameters()));
  opt.step();
}

// One seed's step metrics on the device: its weights (detached, [B]), losses, KL, pre-guard ESS.
void record_step(const VacoConfig& c, const torch::Tensor& w, const torch::Tensor& inner_loss,
                 const torch::Tensor& outer_loss, const torch::Tensor& policy_loss, const torch::Tensor& kl,
                 const torch::Tensor& ess_raw, MetricAccumulator& m) {
  const torch::Tensor w_mean = w.mean(), w_max = w.max();
  m.add("inner_loss", inner_loss);
  m.add("outer_loss", outer_loss);
  m.add("policy_loss", policy_loss);
  m.add("kl_to_uniform", kl);
  m.add("weight_mean", w_mean);
  m.add("weight_std", w.std(/*unbiased=*/false));
  m.add("weight_min", w.min());
  m.add("weight_max", w_max);
  m.add("weight_max_over_mean", w_max / w_mean);
  m.add("ess", effective_sample_size(w));
  if (c.guard.trust_floor > 0.0) m.add_scalar("ess_floor", c.guard.ess_floor);
  m.add("ess_raw", ess_raw);
}

// Step 5's learning rate at policy step `step` under policy_lr_cosine.
double scheduled_policy_lr(const VacoConfig& c, int64_t step) {
  return cosine_annealed(c.policy_lr, step, c.schedule_steps);
}

// The host side of the end of one seed's step, eager or replayed: σ_t's (and the scheduled rate's)
// metric at this step, then the step counter.
void count_step(Vaco& l) {
  const VacoConfig& c = l.config();
  l.metrics().add_scalar("sigma", l.sigma());
  if (c.policy_lr_cosine) l.metrics().add_scalar("policy_lr", scheduled_policy_lr(c, l.steps()));
  l.set_steps(l.steps() + 1);
}

}  // namespace

// ---- the learner ---------------------------------------------------------------------------

Vaco::Vaco(const VacoConfig& config, const RunContext& ctx, std::shared_ptr<ValuePretraining> critic)
    : config_(config), critic_(std::move(critic)), noise_gen_(make_generator(ctx.device, ctx.seed ^ 0x5eedULL)) {
  config_.validate();
  ctx.validate();
  if (!critic_) throw Error("vaco: needs a pretrained critic");
  seed_initialization(ctx.seed);
  policy_ = nets::Policy(ctx.obs_dim, ctx.act_dim, config_.policy_shape);
  scorer_ = nets::MetaScorer(ctx.obs_dim, ctx.act_dim, config_.scorer);
  policy_->to(ctx.device);
  scorer_->to(ctx.device);
  policy_opt_ = std::make_unique<FusedAdam>(policy_->parameters(),
                                                     torch::optim::AdamOptions(config_.policy_lr));
  meta_opt_ = std::make_unique<FusedAdam>(scorer_->parameters(),
                                                   torch::optim::AdamOptions(config_.meta_lr));
  if (config_.state_centred) {
    // Built after the other networks, so that their initialization does not depend on this switch.
    centre_ = nets::Mlp(ctx.obs_dim, 1, config_.scorer.shape);
    centre_->to(ctx.device);
    centre_opt_ = std::make_unique<FusedAdam>(centre_->parameters(), torch::optim::AdamOptions(config_.centre_lr));
  }
  trust_low_ = config_.guard.ess_floor;
  if (config_.guard.trust_floor > 0.0) config_.guard.ess_floor = config_.guard.trust_floor;
  floor_state_ = torch::full({1}, config_.guard.ess_floor, torch::kFloat64);
}

int64_t Vaco::return_agreement_every() const { return config_.guard.trust_floor > 0.0 ? config_.guard.trust_every : 0; }

void Vaco::observe_return_agreement(double r) {
  if (config_.guard.trust_floor <= 0.0) return;
  const double trust = std::isfinite(r) ? std::clamp(r, 0.0, 1.0) : 0.0;
  const double high = config_.guard.trust_floor;
  config_.guard.ess_floor = high - (high - trust_low_) * trust;
  floor_state_.fill_(config_.guard.ess_floor);
  if (std::isfinite(r)) metrics_.add_scalar("trust_r", r);
}

void Vaco::cache_q_values(const Batch& all) {
  if (config_.update_critic) throw Error("vaco: Q values cannot be cached while the critic keeps training");
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  const int64_t n = all.observations.size(0), chunk = 65536;
  for (int64_t i = 0; i < n; i += chunk) {
    const int64_t len = std::min(chunk, n - i);
    parts.push_back(scorer_value(all.observations.narrow(0, i, len), all.actions.narrow(0, i, len)));
  }
  q_cache_ = torch::cat(parts);
}

torch::Tensor Vaco::scorer_value(const torch::Tensor& obs, const torch::Tensor& act) {
  torch::NoGradGuard no_grad;
  const torch::Tensor q = critic_->q_value(obs, act);
  return config_.advantage_input ? q - critic_->v()->forward(obs) : q;
}

void Vaco::prepare_policy_phase(const Batch& all) {
  if (!config_.update_critic) cache_q_values(all);
}

void Vaco::add_checkpoint_parts(CheckpointParts& p) {
  p.modules.emplace_back("policy", policy_.ptr().get());
  p.modules.emplace_back("scorer", scorer_.ptr().get());
  p.optimizers.emplace_back("policy", policy_opt_.get());
  p.optimizers.emplace_back("meta", meta_opt_.get());
  if (centre_) {
    p.modules.emplace_back("centre", centre_.ptr().get());
    p.optimizers.emplace_back("centre", centre_opt_.get());
  }
  p.generators.emplace_back("noise", &noise_gen_);
  if (config_.guard.trust_floor > 0.0) p.tensors.emplace_back("guard_floor", &floor_state_);
}

double Vaco::sigma() const {
  return noise_sigma(config_.decay, config_.sigma0, config_.sigma_end, steps_, config_.schedule_steps);
}

ScorerBaseline Vaco::policy_reference(const torch::Tensor& obs, bool with_centre) {
  torch::NoGradGuard no_grad;
  ScorerBaseline r;
  if (config_.policy_baseline) {
    r.actions = policy_->forward(obs);
    r.value = scorer_value(obs, r.actions);
  }
  if (centre_ && with_centre) r.state_centre = centre_->forward(obs).squeeze(-1);
  return r;
}

void Vaco::fit_state_centre(const torch::Tensor& centre, const torch::Tensor& raw) {
  nets::clear_grads(*centre_opt_);
  const torch::Tensor loss = centre_loss(config_, centre, raw.detach());
  loss.backward();
  centre_opt_->step();
  metrics_.add("centre_loss", loss.detach());
}

torch::Tensor Vaco::weights(const torch::Tensor& obs, const torch::Tensor& act) {
  torch::NoGradGuard no_grad;
  const ScorerBaseline reference = policy_reference(obs);
  return vaco_weights(config_, *scorer_, obs, act, scorer_value(obs, act), &reference).first;
}

torch::Tensor Vaco::sample_weights(const Batch& batch) { return weights(batch.observations, batch.actions); }

torch::Tensor Vaco::act(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return policy_->forward(obs);
}

bool Vaco::capturable() const {
  return config_.guard.trust_floor <= 0.0 && config_.meta_gradient != MetaGradient::DoubleBackward &&
         (!config_.policy_lr_cosine || fused_adam_device_lr_available(policy_->parameters().front().device()));
}

void Vaco::set_graphed(bool on) {
  Algorithm::set_graphed(on);
  use_device_lr(*policy_opt_, on && config_.policy_lr_cosine);
}

void Vaco::add_step_parts(CheckpointParts& p) {
  add_checkpoint_parts(p);
  if (config_.update_critic) critic_->add_checkpoint_parts(p);
}

void Vaco::before_replay(const Batch& b) {
  torch::NoGradGuard no_grad;
  const torch::Tensor& like = config_.noise_on == NoiseTarget::State ? b.observations : b.actions;
  if (!noise_.defined() || noise_.sizes() != like.sizes() || noise_.device() != like.device())
    noise_ = torch::empty(like.sizes(), like.options());
  if (const double sig = sigma(); sig > 0.0)
    noise_.normal_(0.0, 1.0, noise_gen_).mul_(sig);
  else
    noise_.zero_();
  if (config_.policy_lr_cosine) set_learning_rate(*policy_opt_, scheduled_policy_lr(config_, steps_));
}

void Vaco::after_replay() {
  if (config_.update_critic) critic_->after_replay();  // the critic's own step counter
  count_step(*this);
}

void Vaco::update(const Batch& b) {
  if (config_.guard.trust_floor > 0.0) config_.guard.ess_floor = ess_floor();  // as a checkpoint may have restored it
  if (config_.update_critic) critic_->train_step(b, metrics_);
  if (!graphed_) before_replay(b);
  const torch::Tensor q_data = q_cache_.defined() ? q_cache_.index_select(0, b.indices)
                                                  : scorer_value(b.observations, b.actions);
  const torch::Tensor& noise = noise_;  // σ_t-scaled: the steps below take σ = 1

  // Steps 1-3 (θ does not change before step 5, so the policy's reference serves both). The
  // centre's output is computed once: detached in the weights, with its graph for its own fit.
  ScorerBaseline reference = policy_reference(b.observations, /*with_centre=*/false);
  torch::Tensor centre;
  if (centre_) {
    centre = centre_->forward(b.observations).squeeze(-1);
    reference.state_centre = centre.detach();
  }
  VacoForward f =
      vaco_forward(config_, *policy_, *scorer_, *critic_->q_target(), b, q_data, noise, 1.0, &reference);
  if (centre_) fit_state_centre(centre, f.batch_scores);

  // Step 4: phi <- Adam on the meta loss, differentiating through θ' only.
  if (config_.normalization != WeightNormalization::Ones) {
    const std::vector<torch::Tensor> grads = vaco_meta_gradient(f, *scorer_);
    auto params = scorer_->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
    metrics_.add("grad_norm/meta", grad_norm(scorer_->parameters()));
    meta_opt_->step();
  }
  if (centre_) {
    torch::NoGradGuard no_grad;
    reference.state_centre = centre_->forward(b.observations).squeeze(-1);  // the centre after its step
  }

  // Step 5: θ <- Adam on weighted BC.
  nets::clear_grads(*policy_opt_);
  torch::Tensor bc_loss;
  if (config_.reuse_inner_weights) {
    auto params = policy_->layer_parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = f.inner_grads[i].detach();
    bc_loss = f.inner_loss.detach();
  } else {
    torch::Tensor w;
    {
      torch::NoGradGuard no_grad;
      w = vaco_weights(config_, *scorer_, b.observations, b.actions, q_data, &reference).first;
    }
    if (config_.meta_gradient != MetaGradient::DoubleBackward) {
      // θ has not changed since step 2: its per-sample deltas give ∇θ mean(w̄ · ℓ) directly.
      const std::vector<torch::Tensor> grads =
          nets::functional_mlp_weighted_grads(f.layer_inputs, f.deltas, w / double(b.actions.size(0)));
      auto params = policy_->layer_parameters();
      for (size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
      bc_loss = (w * f.per_sample).mean();
    } else {
      bc_loss = (w * (policy_->forward(b.observations) - b.actions).square().sum(-1)).mean();
      bc_loss.backward();
    }
  }
  step_policy(*policy_, *policy_opt_, metrics_);
  record_step(config_, f.weights.detach(), f.inner_loss, f.outer_loss, bc_loss, f.kl, f.ess_raw, metrics_);
  count_step(*this);
}

// ---- seeds batched in one process -----------------------------------------------------------

struct Vaco::StackedTwins {
  nets::Policy policy{nullptr};
  nets::MetaScorer scorer{nullptr};
  nets::TwinQ critic{nullptr};
  std::vector<const Vaco*> members;  ///< the learners the frozen critic's stack was read from
};

bool Vaco::can_stack(const std::vector<Vaco*>& learners) const {
  if (learners.size() < 2 || config_.meta_gradient == MetaGradient::DoubleBackward || config_.policy_baseline ||
      config_.reuse_inner_weights || config_.guard.trust_floor > 0.0)
    return false;
  for (const Vaco* l : learners)
    if (l->config_.update_critic != config_.update_critic || (!config_.update_critic && !l->q_cache_.defined()) ||
        l->steps_ != steps_ || bool(l->centre_) != bool(centre_))
      return false;
  return true;
}

void Vaco::update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  const std::vector<Vaco*> learners = seeds_of<Vaco>(*this, seeds, batches);
  if (!can_stack(learners)) {
    Algorithm::update_seeds(seeds, batches);
    return;
  }
  const std::vector<const Vaco*> members(learners.begin(), learners.end());
  // The twin critic computes with the seeds' target critics stacked (copies: repointed when they move).
  const auto point_critic_twin = [&] {
    nets::point_layers(*twins_->critic->q1, nets::stacked_values(nets::seed_params(learners, [](Vaco& l) { return l.critic_->q_target()->q1->layer_parameters(); })));
    nets::point_layers(*twins_->critic->q2, nets::stacked_values(nets::seed_params(learners, [](Vaco& l) { return l.critic_->q_target()->q2->layer_parameters(); })));
  };
  const bool new_twins = !twins_ || twins_->members != members;
  if (new_twins) {
    // Twins of the same shapes, built without drawing from the global generator (the runs'
    // initializations came from it); a frozen critic is stacked once (below).
    auto gen = at::detail::getDefaultCPUGenerator();
    const auto state = gen.get_state();
    const auto& layers = policy_->net->layers;
    const int64_t obs_dim = layers.front()->weight.size(1), act_dim = layers.back()->weight.size(0);
    twins_ = std::make_shared<StackedTwins>();
    twins_->policy = nets::Policy(obs_dim, act_dim, config_.policy_shape);
    twins_->scorer = nets::MetaScorer(obs_dim, act_dim, config_.scorer);
    twins_->critic = nets::TwinQ(obs_dim, act_dim, critic_->config().shape);
    gen.set_state(state);
    twins_->members = members;
  }
  StackedTwins& t = *twins_;
  if (config_.update_critic) {
    // The critics' value steps first, stacked, as update() takes each one's.
    std::vector<ValuePretraining*> critics;
    std::vector<MetricAccumulator*> sinks;
    for (Vaco* l : learners) {
      critics.push_back(l->critic_.get());
      sinks.push_back(&l->metrics_);
    }
    ValuePretraining::stacked_train_step(critics, batches, sinks);
  }
  if (new_twins || config_.update_critic) point_critic_twin();  // a live critic's targets moved
  const auto policy_of = [](Vaco& l) { return l.policy_->layer_parameters(); };
  const auto scorer_of = [](Vaco& l) { return l.scorer_->net->layer_parameters(); };
  const auto centre_of = [](Vaco& l) { return l.centre_->layer_parameters(); };

  // The batch, the scorer's value input and the noise, seed by seed, stacked [K, B, ...].
  std::vector<torch::Tensor> obs_k, act_k, q_k, noise_k;
  for (size_t k = 0; k < learners.size(); ++k) {
    Vaco& l = *learners[k];
    const Batch& b = batches[k];
    obs_k.push_back(b.observations);
    act_k.push_back(b.actions);
    q_k.push_back(l.q_cache_.defined() ? l.q_cache_.index_select(0, b.indices) : l.scorer_value(b.observations, b.actions));
    if (!l.graphed_) l.before_replay(b);
    noise_k.push_back(l.noise_);  // σ_t-scaled: the steps below take σ = 1
  }
  Batch b;
  b.observations = nets::stack_seeds(obs_k);
  b.actions = nets::stack_seeds(act_k);
  const torch::Tensor q_data = nets::stack_seeds(q_k), noise = nets::stack_seeds(noise_k);
  const int64_t batch = b.actions.size(-2);

  // Steps 1-3 on the twins, pointed at the seeds' present networks; the centre with its graph.
  ScorerBaseline reference;
  torch::Tensor centre;
  std::vector<std::vector<torch::Tensor>> centre_params;
  std::vector<torch::Tensor> centre_stacked;
  if (centre_) {
    centre_params = nets::seed_params(learners, centre_of);
    centre_stacked = nets::stacked_leaves(centre_params);
    centre = nets::functional_mlp(b.observations, centre_stacked).squeeze(-1);
    reference.state_centre = centre.detach();
  }
  nets::point_layers(*t.policy->net, nets::stacked_values(nets::seed_params(learners, policy_of)));
  nets::point_layers(*t.scorer->net, nets::stacked_values(nets::seed_params(learners, scorer_of)));
  VacoForward f = vaco_forward(config_, *t.policy, *t.scorer, *t.critic, b, q_data, noise, 1.0, &reference);
  if (centre_) {
    const torch::Tensor loss = centre_loss(config_, centre, f.batch_scores);  // [K]
    loss.sum().backward();
    nets::scatter_grads(centre_stacked, centre_params);
    for (size_t k = 0; k < learners.size(); ++k) {
      learners[k]->centre_opt_->step();
      learners[k]->metrics_.add("centre_loss", loss[int64_t(k)].detach());
    }
  }

  // Step 4: each seed's phi <- Adam on its meta loss.
  if (config_.normalization != WeightNormalization::Ones) {
    nets::set_seed_grads(nets::seed_params(learners, scorer_of), vaco_meta_gradient(f, *t.scorer));
    for (Vaco* l : learners) {
      l->metrics_.add("grad_norm/meta", grad_norm(l->scorer_->parameters()));
      l->meta_opt_->step();
    }
  }

  // Step 5: θ <- Adam on weighted BC, the weights from the stepped phi and centre.
  torch::Tensor w;
  {
    torch::NoGradGuard no_grad;
    if (centre_)
      reference.state_centre =
          nets::functional_mlp(b.observations, nets::stacked_values(nets::seed_params(learners, centre_of))).squeeze(-1);
    nets::point_layers(*t.scorer->net, nets::stacked_values(nets::seed_params(learners, scorer_of)));
    w = vaco_weights(config_, *t.scorer, b.observations, b.actions, q_data, &reference).first;
  }
  nets::set_seed_grads(nets::seed_params(learners, policy_of),
                 nets::functional_mlp_weighted_grads(f.layer_inputs, f.deltas, w / double(batch)));
  const torch::Tensor bc_loss = (w * f.per_sample).mean(-1);
  const torch::Tensor weights = f.weights.detach();
  for (size_t k = 0; k < learners.size(); ++k) {
    Vaco& l = *learners[k];
    const int64_t i = int64_t(k);
    step_policy(*l.policy_, *l.policy_opt_, l.metrics_);
    record_step(config_, weights[i], f.inner_loss[i], f.outer_loss[i], bc_loss[i], f.kl[i], f.ess_raw[i], l.metrics_);
    count_step(l);
  }
}

}  // namespace vaco::algos
