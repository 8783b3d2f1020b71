// Weighted BC with fixed heuristic weights from the pretrained critic (the paper's baselines):
//   reciprocal: w_i ∝ 1 / (max_batch Q − Q_i + std_batch Q)   (closer to the batch's best = heavier)
//   awr:        w_i = min(exp((Q_i − V(s_i)) / β), 100)
// then θ ← Adam(∇θ mean(w · ||π_θ(s) − a||²)).
#pragma once
#include <torch/optim/adam.h>

#include <memory>
#include <string>

#include "core/algos/algorithm.h"
#include "core/algos/value_pretraining.h"
#include "core/nets/policy.h"

namespace vaco::algos {

/// Which heuristic weight.
enum class HeuristicWeight { Reciprocal, Awr };

/// Parses "reciprocal" (or "bc-recip") and "awr"; throws vaco::Error otherwise.
HeuristicWeight parse_heuristic_weight(const std::string& name);

/// Settings of weighted BC.
struct WeightedBcConfig {
  nets::NetShape policy_shape{};
  double lr = 3e-4;
  HeuristicWeight weight = HeuristicWeight::Reciprocal;
  double awr_beta = 1.0;       ///< temperature β of exp(A/β)
  double awr_clip = 100.0;     ///< upper clip of the exponential weight
  /// Throws vaco::Error with one line when a setting is out of range.
  void validate() const;
};

/// The heuristic weights [B] (detached) for a batch, given the critic.
torch::Tensor heuristic_weights(const WeightedBcConfig& c, ValuePretraining& critic, const Batch& b);

/// BC weighted by a heuristic of the (frozen) pretrained critic.
class WeightedBc : public PolicyAlgorithm {
 public:
  /// Builds the policy on ctx.device from ctx.seed.
  WeightedBc(const WeightedBcConfig& config, const RunContext& ctx, std::shared_ptr<ValuePretraining> critic);
  std::string name() const override;
  /// One Adam step on the weighted BC loss.
  void update(const Batch& batch) override;
  /// The seeds' steps with their policy updates stacked (each seed's weights from its own critic).
  void update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) override;
  /// Always: the weights come from the frozen critic on the device.
  bool capturable() const override { return true; }
  torch::Tensor act(const torch::Tensor& obs) override;
  /// The heuristic weights of the batch's samples.
  torch::Tensor sample_weights(const Batch& batch) override;
  /// The policy and its optimizer.
  nets::Policy& policy() override { return policy_; }
  /// policy; optimizer policy.
  void add_checkpoint_parts(CheckpointParts& parts) override;
  torch::optim::Adam& optimizer() { return *opt_; }

 private:
  WeightedBcConfig config_;
  std::shared_ptr<ValuePretraining> critic_;
  nets::Policy policy_{nullptr};
  std::unique_ptr<torch::optim::Adam> opt_;
};

}  // namespace vaco::algos
