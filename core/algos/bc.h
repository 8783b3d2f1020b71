// Behaviour cloning: θ ← Adam(∇θ mean ||π_θ(s) − a||²). The baseline every method must beat.
#pragma once
#include <torch/optim/adam.h>

#include <memory>

#include "core/algos/algorithm.h"
#include "core/nets/policy.h"

namespace vaco::algos {

/// Settings of BC.
struct BcConfig {
  nets::NetShape policy_shape{};
  double lr = 3e-4;
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// Plain behaviour cloning of a deterministic tanh policy.
class Bc : public PolicyAlgorithm {
 public:
  /// Builds the policy on ctx.device from ctx.seed.
  Bc(const BcConfig& config, const RunContext& ctx);
  std::string name() const override { return "bc"; }
  /// One Adam step on mean ||π(s) − a||² (summed over action dimensions).
  void update(const Batch& batch) override;
  /// The seeds' steps as one stacked step (every learner of `seeds` must be a Bc).
  void update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) override;
  /// Always: the step has no host-side input.
  bool capturable() const override { return true; }
  torch::Tensor act(const torch::Tensor& obs) override;
  /// The policy and its optimizer.
  nets::Policy& policy() override { return policy_; }
  /// policy; optimizer policy.
  void add_checkpoint_parts(CheckpointParts& parts) override;
  torch::optim::Adam& optimizer() { return *opt_; }

 private:
  BcConfig config_;
  nets::Policy policy_{nullptr};
  std::unique_ptr<torch::optim::Adam> opt_;
};

/// Per-sample squared action error ||π(s) − a||², [B].
torch::Tensor squared_action_error(const torch::Tensor& predicted, const torch::Tensor& actions);

/// One seed's part of a stacked BC step: its policy, optimizer, batch, metrics and (for the
/// weighted learners) weights; undefined weights are plain BC's.
struct SeedBcStep {
  nets::PolicyImpl* policy;
  torch::optim::Optimizer* opt;
  const Batch* batch;
  MetricAccumulator* metrics;
  torch::Tensor weights;
};

/// One optimizer step of every seed's policy on its own BC loss, the K forward and backward
/// passes stacked into one: what Bc::update (weights undefined) or weighted_bc_step does per seed,
/// with the same metrics.
void stacked_bc_step(const std::vector<SeedBcStep>& seeds);

/// One optimizer step of `policy` on the `weights`-weighted BC loss (weights are treated as
/// constants); records policy_loss, weight_mean and weight_max. Shared by the weighted learners.
void weighted_bc_step(nets::PolicyImpl& policy, torch::optim::Optimizer& opt, const torch::Tensor& weights,
                      const Batch& b, MetricAccumulator& metrics);

}  // namespace vaco::algos
