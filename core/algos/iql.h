// Implicit Q-Learning (Kostrikov et al. 2021) with a deterministic actor. Each step:
//   1-3. the value learner's step (expectile V, Q <- r + γ(1-d)V(s'), soft target)
//   4.   A = Q_target(s, a) − V(s);  w = min(exp(β A), 100)
//   5.   θ ← Adam(∇θ mean(w · ||π_θ(s) − a||²)), the actor's learning rate cosine-decayed
//        over the policy phase (as CORL's IQL: CosineAnnealingLR with T_max = its steps)
#pragma once
#include <torch/optim/adam.h>

#include <memory>

#include "core/algos/algorithm.h"
#include "core/algos/value_pretraining.h"
#include "core/nets/policy.h"

namespace vaco::algos {

/// Settings of IQL's actor (the critic's are ValueConfig).
struct IqlConfig {
  nets::NetShape policy_shape{};
  double actor_lr = 3e-4;
  double beta = 3.0;        ///< inverse temperature of the advantage weights (AntMaze: 10)
  double max_weight = 100.0;
  bool update_critic = true;  ///< false: only the actor learns (a frozen, pretrained critic)
  bool actor_lr_cosine = true;  ///< actor_lr · (1 + cos(π t / schedule_steps)) / 2 at actor step t
  int64_t schedule_steps = 1000000;  ///< length of the cosine decay (the policy phase's steps)
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// IQL: the shared value learner plus an advantage-weighted regression actor.
class Iql : public PolicyAlgorithm {
 public:
  /// Builds the actor on ctx.device from ctx.seed; `critic` is trained further by update().
  Iql(const IqlConfig& config, const RunContext& ctx, std::shared_ptr<ValuePretraining> critic);
  std::string name() const override { return "iql"; }
  /// Steps 1-5 of the header comment.
  void update(const Batch& batch) override;
  /// The seeds' steps with their actor updates stacked (each seed's critic steps on its own).
  void update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) override;
  /// Unless the cosine-annealed rate would have to be a host number (the fused Adam of this
  /// libtorch takes no device rate).
  bool capturable() const override;
  /// Sets the actor's scheduled learning rate for this step.
  void before_replay(const Batch& batch) override;
  /// The actor_lr metric and the step counter.
  void after_replay() override;
  /// The actor's optimizer reads its rate on the device while graphed.
  void set_graphed(bool on) override;
  /// add_checkpoint_parts(), and the critic's parts when update_critic trains it here.
  void add_step_parts(CheckpointParts& parts) override;
  torch::Tensor act(const torch::Tensor& obs) override;
  /// The advantage weights exp(beta (Q - V)), clipped at max_weight, of the batch (detached).
  torch::Tensor sample_weights(const Batch& batch) override;
  /// The actor and its optimizer.
  nets::Policy& policy() override { return policy_; }
  /// policy; optimizer policy.
  void add_checkpoint_parts(CheckpointParts& parts) override;
  torch::optim::Adam& optimizer() { return *opt_; }
  /// The actor's learning rate at the current step (from the step count, so it survives resume).
  double actor_lr() const;

 private:
  IqlConfig config_;
  std::shared_ptr<ValuePretraining> critic_;
  nets::Policy policy_{nullptr};
  std::unique_ptr<torch::optim::Adam> opt_;
};

}  // namespace vaco::algos
