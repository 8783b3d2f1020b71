// Minibatches drawn on the training device with the run's own generator.
#pragma once
#include <torch/types.h>

#include <cstdint>

#include "core/data/transitions.h"

namespace vaco::algos {

/// One minibatch of transitions; every tensor lives on the training device.
struct Batch {
  torch::Tensor observations;       ///< [B, obs_dim]
  torch::Tensor actions;            ///< [B, act_dim]
  torch::Tensor rewards;            ///< [B]
  torch::Tensor next_observations;  ///< [B, obs_dim]
  torch::Tensor dones;              ///< [B], 1 where the episode terminated
  torch::Tensor indices;            ///< [B] int64, rows of the source Transitions
};

/// Holds the transitions on the device and draws uniform index batches there (no host sync).
class BatchSampler {
 public:
  /// Copies `t` to `device`; throws vaco::Error when t is empty or batch_size < 1.
  BatchSampler(const Transitions& t, torch::Device device, int64_t batch_size, uint64_t seed);
  /// A batch of batch_size rows drawn with replacement.
  Batch sample();
  /// The rows `indices` (int64, on the device) as a batch, e.g. for a fixed probe set.
  Batch gather(const torch::Tensor& indices) const;
  /// Every row, in order (indices 0..size-1), for caches and probe sets.
  const Batch& all() const { return all_; }
  /// The sampler's generator (saved in checkpoints for resume).
  torch::Generator& generator() { return gen_; }
  /// Number of transitions held.
  int64_t size() const { return size_; }
  /// The fixed batch size.
  int64_t batch_size() const { return batch_size_; }

 private:
  Batch all_;
  torch::Generator gen_;
  int64_t size_ = 0;
  int64_t batch_size_ = 0;
};

/// A generator for `device`, seeded; independent of the global one.
torch::Generator make_generator(torch::Device device, uint64_t seed);

}  // namespace vaco::algos
