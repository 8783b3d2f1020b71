// The interface every learner implements: one gradient step per batch, metrics as tensors.
#pragma once
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/algos/batch.h"
#include "core/algos/checkpoint_parts.h"
#include "core/algos/metrics.h"
#include "core/nets/policy.h"
#include "core/util/error.h"

namespace vaco::algos {

/// Where and with which seed an algorithm runs. Networks are initialized from `seed`.
struct RunContext {
  torch::Device device = torch::kCPU;
  uint64_t seed = 0;
  int64_t obs_dim = 0;
  int64_t act_dim = 0;
  /// Throws vaco::Error when a width is below 1.
  void validate() const;
};

/// A learner: update() does one gradient step on a batch without host syncs.
class Algorithm {
 public:
  virtual ~Algorithm() = default;
  /// Short name ("vaco", "bc", "iql", "value", ...).
  virtual std::string name() const = 0;
  /// One gradient step; metrics go to metrics() as device tensors.
  virtual void update(const Batch& batch) = 0;
  /// One gradient step of each of `seeds` (this learner first, then the other seeds' learners of
  /// the same algorithm and shapes) on its own batch: seeds batched in one process. The default
  /// calls update() of each in turn; a learner that overrides it computes the K steps as one
  /// stacked step (nets/seed_stack.h), equal to the separate steps within float tolerance.
  virtual void update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches);
  /// Metrics accumulated since the last drain.
  MetricAccumulator& metrics() { return metrics_; }
  /// Number of update() calls so far.
  int64_t steps() const { return steps_; }
  /// Restores the step counter when resuming from a checkpoint.
  void set_steps(int64_t steps) { steps_ = steps; }
  /// Adds the learner's own networks, optimizers and generators to `parts` under the names its
  /// checkpoints use (shared networks, such as VACO's critic, are their owner's).
  virtual void add_checkpoint_parts(CheckpointParts& parts) { (void)parts; }

  /// Whether update() can be captured into a CUDA graph and replayed (step_graph.h): under this
  /// configuration its kernels and their arguments are the same every step, once before_replay()
  /// has filled its inputs.
  virtual bool capturable() const { return false; }
  /// Which of the learner's captured step forms the next update() is, where its kernels differ
  /// from step to step by a host branch (TD3+BC: critic only, or critic and delayed actor); the
  /// graph runner captures one graph per form. 0 for a learner with one form.
  virtual int64_t step_form() const { return 0; }
  /// The host-side part of update() that a graph cannot replay, run before each graphed step
  /// (the captured one too): e.g. VACO's noise drawn into its fixed buffer. `batch` gives shapes.
  virtual void before_replay(const Batch& batch) { (void)batch; }
  /// update()'s host-side bookkeeping, after each replayed step (the captured step did its own):
  /// the step counter and host-side metrics. The graph runner counts the optimizers' steps and
  /// the device metrics itself.
  virtual void after_replay() { ++steps_; }
  /// Set by the graph runner: update() then leaves before_replay()'s part to it (and a learner with
  /// a learning-rate schedule reads its rate on the device).
  virtual void set_graphed(bool on) { graphed_ = on; }
  /// The networks, optimizers and generators one step changes: add_checkpoint_parts(), and the
  /// shared critic's where the learner's step trains it too.
  virtual void add_step_parts(CheckpointParts& parts) { add_checkpoint_parts(parts); }

 protected:
  MetricAccumulator metrics_;
  int64_t steps_ = 0;
  bool graphed_ = false;
};

/// A learner that produces a deterministic policy.
class PolicyAlgorithm : public Algorithm {
 public:
  /// Deterministic actions in [-1, 1] for observations [B, obs_dim] (no autograd).
  virtual torch::Tensor act(const torch::Tensor& obs) = 0;
  /// The deterministic policy network (saved as the run's policy.pt).
  virtual nets::Policy& policy() = 0;
  /// Called once before the first policy-phase step with every transition (VACO caches its
  /// frozen critic's Q there).
  virtual void prepare_policy_phase(const Batch& all) { (void)all; }
  /// The learner's own estimate of Q(s, a) [B] for the analysis snapshots, or an undefined
  /// tensor when it has no critic of its own (the shared value learner's is used then).
  virtual torch::Tensor q_value(const Batch& batch);
  /// The weight each sample of `batch` gets in this learner's BC loss, detached [B]; plain BC
  /// weighs every sample 1 (the default). Used by the analysis snapshots.
  virtual torch::Tensor sample_weights(const Batch& batch);
  /// Policy steps between the trainer's measurements of observe_return_agreement (0: never).
  virtual int64_t return_agreement_every() const { return 0; }
  /// The Pearson r of trajectories' mean sample_weights with their returns, as the trainer
  /// measured it on the analysis probe's trajectories (NaN when it cannot be measured).
  virtual void observe_return_agreement(double r) { (void)r; }
};

/// Throws vaco::Error unless there is one batch per seed and `first` is the first seed.
void check_seed_batches(const Algorithm& first, const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches);

/// The learners of a batched-seeds step as `L` (update_seeds' checks: one batch per seed, `first`
/// first, every learner an L); throws vaco::Error otherwise.
template <class L>
std::vector<L*> seeds_of(const L& first, const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  check_seed_batches(first, seeds, batches);
  std::vector<L*> out;
  for (Algorithm* a : seeds) {
    auto* l = dynamic_cast<L*>(a);
    if (!l) throw Error(first.name() + ": batched seeds must all be " + first.name() + " learners, got " + a->name());
    out.push_back(l);
  }
  return out;
}

/// Seeds torch's global generator so that network initialization is reproducible.
void seed_initialization(uint64_t seed);

}  // namespace vaco::algos
