// Soft Actor-Critic (Haarnoja et al. 2018, with automatic temperature), the online learner that
// makes the behaviour policies of the D4RL recipes. Each update, in SB3's order:
//   1. (ã, log π(ã|s)) ~ π(s);  α ← Adam on −log α · (log π(ã|s) + H̄)      (H̄ = −|A| by default)
//   2. y = r + γ(1 − d) (min Q_target(s', ã') − α log π(ã'|s')),  ã' ~ π(s')
//      Q1, Q2 ← Adam on ½ [(Q1(s, a) − y)² + (Q2(s, a) − y)²]
//   3. π ← Adam on α log π(ã|s) − min Q(s, ã)   (the critic after step 2)
//   4. Q_target ← (1 − τ) Q_target + τ Q
// α in steps 2 and 3 is the temperature before step 1's update.
#pragma once
#include <torch/optim/adam.h>

#include <memory>
#include <vector>

#include "core/algos/algorithm.h"
#include "core/nets/critics.h"
#include "core/nets/gaussian_policy.h"

namespace vaco::algos {

/// Settings of SAC; the defaults are those rlkit, CORL and SB3 share for MuJoCo.
struct SacConfig {
  nets::NetShape shape{.hidden = 256, .depth = 2};  ///< policy and both critics
  double actor_lr = 3e-4;
  double critic_lr = 3e-4;
  double alpha_lr = 3e-4;
  double gamma = 0.99;
  double tau = 0.005;            ///< soft target update rate
  bool auto_alpha = true;        ///< learn the temperature towards the target entropy
  double alpha = 1.0;            ///< the initial temperature (the fixed one without auto_alpha)
  double target_entropy_per_dim = -1.0;  ///< target entropy = this × |A| (−|A| by default)
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// log α as a module, so that checkpoints hold it like any network.
struct TemperatureImpl : torch::nn::Module {
  /// log α = log(alpha).
  explicit TemperatureImpl(double alpha);
  torch::Tensor log_alpha;
};
TORCH_MODULE(Temperature);

/// SAC with a tanh-Gaussian policy, a twin critic and its target copy.
class Sac : public Algorithm {
 public:
  /// Builds the networks on ctx.device from ctx.seed; `ctx.seed` also seeds the update's noise.
  Sac(const SacConfig& config, const RunContext& ctx);
  std::string name() const override { return "sac"; }
  /// Steps 1-4 of the header comment, every gradient written by hand (no autograd graph).
  /// Metrics: q_loss, policy_loss, alpha, alpha_loss, entropy (−mean log π), q_mean.
  void update(const Batch& batch) override;
  /// The deterministic action tanh(mean) (evaluation).
  torch::Tensor act(const torch::Tensor& obs);
  /// Actions sampled from π with `gen` (exploration, data generation), with their log-probabilities.
  nets::PolicySample explore(const torch::Tensor& obs, torch::Generator& gen);
  /// The current temperature α.
  double alpha() const;
  /// The target entropy H̄.
  double target_entropy() const { return target_entropy_; }

  /// Networks, optimizers and the update's noise generator (for checkpoints).
  nets::GaussianPolicy& policy() { return actor_; }
  nets::TwinQ& critic() { return critic_; }
  nets::TwinQ& critic_target() { return critic_target_; }
  Temperature& temperature() { return temperature_; }
  torch::optim::Adam& actor_optimizer() { return *actor_opt_; }
  torch::optim::Adam& critic_optimizer() { return *critic_opt_; }
  torch::optim::Adam& alpha_optimizer() { return *alpha_opt_; }
  torch::Generator& noise_generator() { return noise_gen_; }
  /// policy, critic, critic_target, temperature; optimizers policy, critic and alpha; generator noise.
  void add_checkpoint_parts(CheckpointParts& parts) override;

 private:
  /// One reparameterized pass of the policy without autograd, with what the hand-written
  /// backward pass needs.
  struct PolicyPass {
    torch::Tensor mean, log_std, std, eps, action, log_prob;
    torch::Tensor log_std_passes;              ///< where the log-std clamp passes gradients (record only)
    std::vector<torch::Tensor> layer_inputs;   ///< the trunk's layer inputs (record only)
  };
  /// Samples ε from the update's generator; `record` keeps what step 3's gradient needs.
  PolicyPass policy_pass(const torch::Tensor& obs, bool record);

  SacConfig config_;
  double target_entropy_ = 0.0;
  nets::GaussianPolicy actor_{nullptr};
  nets::TwinQ critic_{nullptr}, critic_target_{nullptr};
  Temperature temperature_{nullptr};
  std::unique_ptr<torch::optim::Adam> actor_opt_, critic_opt_, alpha_opt_;
  torch::Generator noise_gen_;
};

}  // namespace vaco::algos
