// VACO: value-aware meta-weighting of behaviour cloning (bi-level). Each step on a batch:
//   1. w = normalize(w_phi(s, a, Q(s, a)))                         (batch weights, mean 1)
//   2. θ' = θ − α ∇θ mean(w · ||π_θ(s) − a||²)                     (differentiable inner step)
//   3. L_outer = −mean Q(s, clip(π_θ'(s) + ε)),  ε ~ N(0, σ_t²)   (or noise on the state)
//   4. phi ← Adam(∇phi L_outer) through θ' only                    (one-step differentiation)
//   5. θ ← Adam(∇θ mean(w̄ · ||π_θ(s) − a||²)), w̄ recomputed by the new phi and detached
// plus the collapse guards (uniform blend, KL-to-uniform penalty, ESS floor; core/algos/README.md).
#pragma once
#include <torch/optim/adam.h>

#include <memory>
#include <vector>

#include "core/algos/algorithm.h"
#include "core/algos/batch_weights.h"
#include "core/algos/noise_schedule.h"
#include "core/algos/value_pretraining.h"
#include "core/nets/meta_scorer.h"
#include "core/nets/policy.h"

namespace vaco::algos {

/// Where the exploration noise of the outer loss goes.
enum class NoiseTarget { Action, State };

/// How phi's gradient through θ' is computed: the first two exactly, the last two by the sample's own term.
enum class MetaGradient {
  /// dL/dw_i = −(α/B) ⟨∇θ' L_outer, ∇θ ℓ_i⟩ for all i, from the policy's per-sample deltas
  /// (which also give the inner and the policy gradients): no double backward (the paper's exact
  /// gradient, and the faster exact mode).
  ForwardMode,
  /// Backpropagation through the inner step's gradient graph (create_graph, double backward).
  DoubleBackward,
  /// The own-sample term only: the inner step moves π(s_i) towards a_i, so
  /// dL/dw_i ≈ (2α/B) ⟨∂L_outer/∂action_i, a_i − π_θ(s_i)⟩, a first-order advantage of a_i over the
  /// policy's action under the critic. Not the paper's: it drops the policy's cross-sample kernel.
  Diagonal,
  /// Diagonal with the inner step's move to a_i taken whole instead of to first order:
  /// dL/dw_i ∝ −(Q(s_i, a_i) − Q(s_i, â_i)), â_i the outer loss's action, the advantage of the
  /// data's action over the policy's under the critic (CRR's). Not the paper's.
  Difference,
};

/// Remedies against weight collapse; all off is the paper's plain form.
struct CollapseGuard {
  double uniform_blend = 0.0;  ///< w <- (1 - b) w + b mean(w), b in [0, 1]
  double kl_penalty = 0.0;     ///< adds c · KL(w/Σw || uniform) to phi's loss
  double ess_floor = 0.0;      ///< blends with uniform just enough to keep ESS >= floor (0 = off);
                               ///< the blend factor stays in the graph, so phi sees the guard
  /// Trust (0 = off): the floor follows how far the weights agree with the returns the data
  /// records. floor = trust_floor - (trust_floor - ess_floor) * clamp(r, 0, 1), r the Pearson
  /// correlation of trajectories' mean weight with their return (the Weights tab's
  /// per-trajectory r), measured by the trainer every trust_every policy steps; trust_floor
  /// until the first measurement. Weights that rank whole trajectories as their returns do act
  /// at ess_floor; weights that do not stay near uniform.
  double trust_floor = 0.0;
  int64_t trust_every = 1000;  ///< policy steps between measurements of r
};

/// Settings of VACO. The defaults are the form measured best on the hopper and walker2d datasets
/// (docs/scorecard.md, "The default (session 25)"): the `diagonal` meta-gradient, the advantage
/// Q − V as the scorer's value input, raw scores centred per state, an ESS floor of 0.3, a critic
/// that keeps training through the policy phase and a policy rate annealed to 0.
/// paper() gives the paper's plain form.
struct VacoConfig {
  nets::NetShape policy_shape{};     ///< the policy's hidden layers
  nets::MetaScorerOptions scorer{};  ///< w_phi's inputs and hidden layers
  double policy_lr = 3e-4;  ///< Adam on θ (step 5)
  /// Step 5's learning rate annealed as IQL's actor's: policy_lr · (1 + cos(π t / schedule_steps)) / 2.
  bool policy_lr_cosine = true;
  double meta_lr = 3e-5;    ///< Adam on phi (step 4)
  double inner_lr = 1e-2;   ///< α of the functional inner SGD step (step 2)
  WeightNormalization normalization = WeightNormalization::SigmoidMean;
  bool standardize_q_input = true;  ///< feed (Q - batch mean) / batch std to the scorer
  bool advantage_input = true;      ///< the scorer's value input is Q(s, a) − V(s) instead of Q(s, a)
  /// The raw score is w_phi(s, a, v(s, a)) − w_phi(s, π(s), v(s, π(s))): a weight compares the
  /// data's action with the policy's own in the same state, so no state can be scored out as a whole.
  bool policy_baseline = false;
  /// The raw score is taken relative to a state network's estimate of the mean raw score of the
  /// data's actions in that state, fitted to the scorer each step: a weight compares actions within
  /// a state, so no state can be scored out as a whole, whatever the floor.
  bool state_centred = true;
  double centre_lr = 1e-3;  ///< Adam on the state centre's network
  /// The share of the state centre taken off the raw score (0-1): 1 compares actions within a
  /// state only; below 1, part of a state's own standing (its trajectory's) stays in its weights.
  double centre_fraction = 1.0;
  /// The expectile of the raw scores in a state that the centre regresses (0-1): 0.5 is their
  /// mean; above it the centre sits higher, so that fewer of a state's actions score over it and
  /// the weights hold fewer of them, as IQL's expectile value does for its advantages.
  double centre_expectile = 0.5;
  /// 0: the scores reach the weights at the scale the scorer gives them. > 0: they are
  /// standardized over the batch (minus the mean, over the std) and multiplied by this, so that
  /// the weights stay graded however far the scorer's scale and offset drift (and the
  /// meta-gradient has no part along them).
  double score_temperature = 0.0;
  double sigma0 = 0.2;              ///< noise std at step 0 (0 turns the noise off)
  double sigma_end = 0.0;           ///< noise std at schedule_steps
  NoiseDecay decay = NoiseDecay::Linear;
  int64_t schedule_steps = 1000000;  ///< length of the noise decay and of the cosine learning rate (the policy phase's steps)
  NoiseTarget noise_on = NoiseTarget::Action;
  bool normalize_outer_q = false;  ///< L_outer *= q_norm_alpha / mean|Q| (detached), as TD3+BC
  double q_norm_alpha = 1.0;        ///< the α of that normalization
  bool reuse_inner_weights = false;  ///< step 5 reuses step 2's weights and gradients
  MetaGradient meta_gradient = MetaGradient::Diagonal;
  bool update_critic = true;         ///< keep training the value networks in this phase (false: frozen)
  /// Default: ESS floor 0.3, a backstop: centred weights keep an ESS near 0.5 by themselves.
  /// Without state centring every floor below 0.6 lets the weights drop whole regions of the
  /// medium-expert datasets' states and the policy falls.
  CollapseGuard guard{.uniform_blend = 0.0, .kl_penalty = 0.0, .ess_floor = 0.3};

  /// The paper's plain form: the exact one-step meta-gradient (forward mode), Q as the scorer's
  /// value input, every collapse guard off, the pretrained critic frozen, a constant policy rate.
  static VacoConfig paper();
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// Steps 1-3 for one batch.
struct VacoForward {
  torch::Tensor weights;      ///< [B], the weights of the inner loss (after the guards)
  torch::Tensor ess_raw;      ///< ESS of the normalized weights before the guards
  torch::Tensor per_sample;   ///< [B] ||π_θ(s) − a||² (attached to θ's graph under DoubleBackward only)
  torch::Tensor inner_loss;   ///< mean(w · ||π_θ(s) − a||²)
  torch::Tensor outer_loss;   ///< −mean Q(s, clip(π_θ'(s) + ε)) (maybe Q-normalized)
  torch::Tensor kl;           ///< KL(w/Σw || uniform)
  torch::Tensor meta_loss;    ///< outer_loss + kl_penalty · kl: what phi minimizes (its value)
  /// A scalar whose gradient gives the meta-gradient ∇phi meta_loss through θ' (vaco_meta_gradient):
  /// meta_loss itself, in phi's graph, under DoubleBackward; under ForwardMode Σ w_i c_i +
  /// kl_penalty · kl, in the graph of raw_scores only (the scorer's own pass is done by hand).
  torch::Tensor meta_objective;
  /// ForwardMode: the scorer's raw outputs (a leaf the weights are computed from: [B], or [2B]
  /// with the baseline's rows after the batch's) and its recorded layer inputs.
  torch::Tensor raw_scores;
  torch::Tensor batch_scores;  ///< [B] the batch's raw scores before state centring, detached
  std::vector<torch::Tensor> scorer_inputs;
  std::vector<torch::Tensor> inner_grads;  ///< ∇θ inner_loss (detached under ForwardMode)
  /// ForwardMode: π_θ's layer inputs and per-sample deltas (nets::functional_mlp_deltas), from
  /// which step 2's gradient, the meta-gradient's dot products and step 5's gradient all come.
  std::vector<torch::Tensor> layer_inputs, deltas;
};

/// What a raw score is taken relative to, detached: the policy's actions π(s) [B, act_dim] and the
/// scorer's value input for them [B] (VacoConfig::policy_baseline), and the state centre [B], the
/// estimated mean raw score in each state (VacoConfig::state_centred).
struct ScorerBaseline {
  torch::Tensor actions;
  torch::Tensor value;
  torch::Tensor state_centre;
};

/// Step 1: the guarded batch weights w_phi(s, a, Q) [B]; also returns the pre-guard ESS.
/// `baseline` is required when c.policy_baseline or c.state_centred is set, and ignored otherwise.
std::pair<torch::Tensor, torch::Tensor> vaco_weights(const VacoConfig& c, nets::MetaScorerImpl& scorer,
                                                     const torch::Tensor& obs, const torch::Tensor& act,
                                                     const torch::Tensor& q_data,
                                                     const ScorerBaseline* baseline = nullptr);

/// Steps 1-3 (with c.meta_gradient's method). `noise` is standard normal, shaped like the actions (or the observations when
/// noise_on == State); it is scaled by `sigma`. `q_data` = Q(s, a) of the batch, detached.
/// `baseline` as for vaco_weights.
VacoForward vaco_forward(const VacoConfig& c, nets::PolicyImpl& policy, nets::MetaScorerImpl& scorer,
                         nets::TwinQImpl& critic, const Batch& b, const torch::Tensor& q_data,
                         const torch::Tensor& noise, double sigma, const ScorerBaseline* baseline = nullptr);

/// Step 4's gradient: ∇phi meta_loss through θ', in scorer.parameters() order, from vaco_forward's
/// result for this scorer (autograd under DoubleBackward; by hand through the scorer under ForwardMode).
std::vector<torch::Tensor> vaco_meta_gradient(const VacoForward& f, nets::MetaScorerImpl& scorer);

/// The VACO learner: a policy, the meta-scorer and a (by default frozen) pretrained critic.
class Vaco : public PolicyAlgorithm {
 public:
  /// Builds π and w_phi on ctx.device from ctx.seed; `critic` has been pretrained.
  Vaco(const VacoConfig& config, const RunContext& ctx, std::shared_ptr<ValuePretraining> critic);
  std::string name() const override { return "vaco"; }
  /// Steps 1-5 of the header comment.
  void update(const Batch& batch) override;
  /// The seeds' steps 1-5 as one stacked step (every learner of `seeds` a Vaco of the same
  /// settings, at the same step), a live critic's value steps stacked first; the settings it does
  /// not stack (double-backward, the policy baseline, reused inner weights, the trust guard) step in turn.
  void update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) override;
  /// Without the trust guard (its floor is a host number) and with a hand-written meta-gradient:
  /// σ_t enters through the noise buffer that before_replay() fills, the annealed policy rate
  /// (policy_lr_cosine) through the optimizer's device rate where this libtorch has one.
  bool capturable() const override;
  /// Draws this step's noise, scaled by σ_t, into the fixed noise buffer; sets the scheduled
  /// policy rate under policy_lr_cosine.
  void before_replay(const Batch& batch) override;
  /// The σ_t (and policy_lr) metrics and the step counter.
  void after_replay() override;
  /// The policy's optimizer reads its rate on the device while graphed (policy_lr_cosine).
  void set_graphed(bool on) override;
  /// add_checkpoint_parts(), and the critic's parts when update_critic trains it here.
  void add_step_parts(CheckpointParts& parts) override;
  torch::Tensor act(const torch::Tensor& obs) override;

  /// The per-sample weights the current phi gives to (obs, act), without autograd.
  torch::Tensor weights(const torch::Tensor& obs, const torch::Tensor& act);
  /// What obs's raw scores are taken relative to: π(obs) and its scorer value (policy_baseline),
  /// the state centre (state_centred, unless `with_centre` is false); empty when neither is set.
  ScorerBaseline policy_reference(const torch::Tensor& obs, bool with_centre = true);
  /// The state centre's network (state_centred), else null.
  nets::Mlp& state_centre() { return centre_; }
  /// weights() of the batch's samples.
  torch::Tensor sample_weights(const Batch& batch) override;
  /// The scorer's value input for (obs, act): Q(s, a), or Q(s, a) − V(s) with advantage_input.
  torch::Tensor scorer_value(const torch::Tensor& obs, const torch::Tensor& act);
  /// Computes the scorer's value input (scorer_value) of every row of `all` once (frozen critic only); update() then gathers
  /// the batch's values by Batch::indices instead of running the twin Q. `all` must be the
  /// sampler's all() that the batches come from. Throws vaco::Error when update_critic is set.
  void cache_q_values(const Batch& all);
  /// cache_q_values(all) when the critic is frozen.
  void prepare_policy_phase(const Batch& all) override;
  /// σ_t at the current step.
  double sigma() const;
  /// The networks and optimizers (for checkpoints and analysis).
  nets::Policy& policy() override { return policy_; }
  nets::MetaScorer& scorer() { return scorer_; }
  /// policy, scorer (and centre); optimizers policy and meta (and centre); generator noise.
  void add_checkpoint_parts(CheckpointParts& parts) override;
  torch::optim::Adam& policy_optimizer() { return *policy_opt_; }
  torch::optim::Adam& meta_optimizer() { return *meta_opt_; }
  torch::Generator& noise_generator() { return noise_gen_; }
  const VacoConfig& config() const { return config_; }
  /// The trust guard's measurement period (0 when it is off).
  int64_t return_agreement_every() const override;
  /// Sets the ESS floor from r (see CollapseGuard::trust_floor).
  void observe_return_agreement(double r) override;
  /// The ESS floor in force now.
  double ess_floor() const { return floor_state_.item<double>(); }

 private:
  VacoConfig config_;
  std::shared_ptr<ValuePretraining> critic_;
  nets::Policy policy_{nullptr};
  nets::MetaScorer scorer_{nullptr};
  nets::Mlp centre_{nullptr};  ///< s -> mean raw score in s (state_centred)
  std::unique_ptr<torch::optim::Adam> policy_opt_, meta_opt_, centre_opt_;
  torch::Generator noise_gen_;
  torch::Tensor q_cache_;  ///< [N] scorer_value of the sampler's rows, or undefined
  torch::Tensor noise_;    ///< this step's exploration noise, σ_t-scaled (before_replay)
  torch::Tensor floor_state_;  ///< [1] float64: the ESS floor in force (checkpointed under trust)
  double trust_low_ = 0.0;     ///< the configured ess_floor: the trust guard's floor at r >= 1

  /// Networks of this learner's shapes whose layers a stacked step points at its seeds' stacked
  /// parameters (built at the first stacked step).
  struct StackedTwins;
  std::shared_ptr<StackedTwins> twins_;
  /// True when update_seeds can stack `learners`' steps.
  bool can_stack(const std::vector<Vaco*>& learners) const;

  /// One regression step of the state centre onto the scorer's raw scores of the batch; `centre`
  /// is the centre's output on the batch, with its graph.
  void fit_state_centre(const torch::Tensor& centre, const torch::Tensor& raw);
};

}  // namespace vaco::algos
