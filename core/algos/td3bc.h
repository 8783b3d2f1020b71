// TD3+BC (Fujimoto & Gu 2021). Each step:
//   1. ã = clip(π_target(s') + clip(N(0, σ²), −c, c), −1, 1);  y = r + γ(1 − d) min Q_target(s', ã)
//   2. Q1, Q2 ← Adam on (Q_i(s, a) − y)²
//   3. every `policy_freq` steps: λ = α / mean|Q1(s, π(s))|;  π ← Adam on −λ Q1(s, π(s)) + (π(s) − a)²
//      and soft updates of both targets.
// State normalization is the caller's job (normalize the transitions before sampling).
#pragma once
#include <torch/optim/adam.h>

#include <memory>

#include "core/algos/algorithm.h"
#include "core/nets/critics.h"
#include "core/nets/policy.h"

namespace vaco::algos {

/// Settings of TD3+BC; the defaults are the paper's.
struct Td3BcConfig {
  nets::NetShape shape{};
  double actor_lr = 3e-4;
  double critic_lr = 3e-4;
  double gamma = 0.99;
  double tau = 0.005;          ///< soft target update rate
  double alpha = 2.5;          ///< BC trade-off
  double policy_noise = 0.2;   ///< target policy smoothing noise std
  double noise_clip = 0.5;
  int64_t policy_freq = 2;     ///< actor delay
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// TD3+BC with its own twin critic, policy and target copies.
class Td3Bc : public PolicyAlgorithm {
 public:
  /// Builds the networks on ctx.device from ctx.seed.
  Td3Bc(const Td3BcConfig& config, const RunContext& ctx);
  std::string name() const override { return "td3bc"; }
  /// Steps 1-3 of the header comment.
  void update(const Batch& batch) override;
  torch::Tensor act(const torch::Tensor& obs) override;
  /// Captured as two graphs (step_form): the smoothing noise is drawn by before_replay().
  bool capturable() const override { return true; }
  /// 1 on a step that also updates the actor (every policy_freq-th), else 0.
  int64_t step_form() const override { return steps_ % config_.policy_freq == 0 ? 1 : 0; }
  /// Draws this step's clipped target-smoothing noise into its fixed buffer.
  void before_replay(const Batch& batch) override;
  /// Networks, optimizers and the noise generator (for checkpoints).
  nets::Policy& policy() override { return actor_; }
  /// policy, actor_target, critic, critic_target; optimizers actor and critic; generator noise.
  void add_checkpoint_parts(CheckpointParts& parts) override;
  /// min(Q1, Q2) of its own critic.
  torch::Tensor q_value(const Batch& batch) override;
  nets::TwinQ& critic() { return critic_; }
  torch::optim::Adam& actor_optimizer() { return *actor_opt_; }
  torch::optim::Adam& critic_optimizer() { return *critic_opt_; }
  torch::Generator& noise_generator() { return noise_gen_; }
  /// The target copies (for checkpoints).
  nets::Policy& actor_target() { return actor_target_; }
  nets::TwinQ& critic_target() { return critic_target_; }

 private:
  Td3BcConfig config_;
  nets::Policy actor_{nullptr}, actor_target_{nullptr};
  nets::TwinQ critic_{nullptr}, critic_target_{nullptr};
  std::unique_ptr<torch::optim::Adam> actor_opt_, critic_opt_;
  torch::Generator noise_gen_;
  torch::Tensor noise_;  ///< this step's clipped target-smoothing noise (before_replay)
};

}  // namespace vaco::algos
