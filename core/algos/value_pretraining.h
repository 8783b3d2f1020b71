// IQL-style in-sample value learning (Kostrikov et al. 2021): expectile V, twin Q regressed to
// r + γ(1 − done) V(s'), soft target updates. VACO's critic; IQL keeps running it.
#pragma once
#include <torch/optim/adam.h>

#include <memory>

#include "core/algos/algorithm.h"
#include "core/nets/critics.h"

namespace vaco::algos {

/// Settings of the value learner; the defaults are IQL's.
struct ValueConfig {
  nets::NetShape shape{};
  double lr = 3e-4;         ///< Adam, for V and Q
  double gamma = 0.99;      ///< discount
  double expectile = 0.7;   ///< tau of the expectile loss (AntMaze: 0.9)
  double target_tau = 0.005;  ///< soft target update rate
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// Owns Q, its target and V with their optimizers.
class ValuePretraining : public Algorithm {
 public:
  /// Builds the networks on ctx.device, initialized from ctx.seed.
  ValuePretraining(const ValueConfig& config, const RunContext& ctx);
  std::string name() const override { return "value"; }
  /// (1) V <- expectile of Q_target(s, a) - V(s); (2) Q <- r + γ(1-d)V(s'); (3) soft target.
  void update(const Batch& batch) override { train_step(batch, metrics_); }
  /// Always: the step has no host-side input.
  bool capturable() const override { return true; }
  /// The same step, reporting v_loss, q_loss, q_mean to `sink` (IQL and VACO pass their own).
  void train_step(const Batch& batch, MetricAccumulator& sink);
  /// The seeds' value steps as one stacked step (every learner of `seeds` must be a ValuePretraining).
  void update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) override;
  /// train_step of every critic of `critics` on its own batch, reporting to its own sink, the
  /// seeds' V and Q passes stacked into one each (nets/seed_stack.h).
  static void stacked_train_step(const std::vector<ValuePretraining*>& critics, const std::vector<Batch>& batches,
                                 const std::vector<MetricAccumulator*>& sinks);

  /// The pessimistic estimate min(Q1, Q2) of the target network, [B], without autograd.
  torch::Tensor q_value(const torch::Tensor& obs, const torch::Tensor& act);
  /// value.q, value.q_target, value.v; optimizers value.v and value.q.
  void add_checkpoint_parts(CheckpointParts& parts) override;
  /// The target twin Q (what VACO and IQL's actor read).
  nets::TwinQ& q_target() { return q_target_; }
  /// The online twin Q.
  nets::TwinQ& q() { return q_; }
  /// The state value.
  nets::Value& v() { return v_; }
  /// The settings.
  const ValueConfig& config() const { return config_; }
  /// The Adam optimizers of V and Q (for checkpoints).
  torch::optim::Adam& v_optimizer() { return *v_opt_; }
  torch::optim::Adam& q_optimizer() { return *q_opt_; }

 private:
  ValueConfig config_;
  nets::TwinQ q_{nullptr}, q_target_{nullptr};
  nets::Value v_{nullptr};
  std::unique_ptr<torch::optim::Adam> v_opt_, q_opt_;
};

/// The asymmetric squared loss |tau - 1(u < 0)| u², averaged.
torch::Tensor expectile_loss(const torch::Tensor& u, double tau);

}  // namespace vaco::algos
