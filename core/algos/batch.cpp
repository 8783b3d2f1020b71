#include "core/algos/batch.h"

#include <ATen/Context.h>

#include "core/util/error.h"

namespace vaco::algos {

torch::Generator make_generator(torch::Device device, uint64_t seed) {
  torch::Generator g = at::globalContext().defaultGenerator(device).clone();
  g.set_current_seed(seed);
  return g;
}

BatchSampler::BatchSampler(const Transitions& t, torch::Device device, int64_t batch_size, uint64_t seed)
    : gen_(make_generator(device, seed)), size_(t.size()), batch_size_(batch_size) {
  if (size_ < 1) throw Error("batch sampler: the dataset has no transitions");
  if (batch_size < 1) throw Error("batch sampler: batch size must be >= 1, got " + std::to_string(batch_size));
  auto f = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  all_.observations = t.observations.to(f);
  all_.actions = t.actions.to(f);
  all_.rewards = t.rewards.to(f);
  all_.next_observations = t.next_observations.to(f);
  all_.dones = t.dones.to(f);
  all_.indices = torch::arange(size_, torch::TensorOptions().dtype(torch::kLong).device(device));
}

Batch BatchSampler::sample() {
  auto idx = torch::randint(0, size_, {batch_size_}, gen_,
                            torch::TensorOptions().dtype(torch::kLong).device(all_.rewards.device()));
  return gather(idx);
}

Batch BatchSampler::gather(const torch::Tensor& idx) const {
  Batch b;
  b.observations = all_.observations.index_select(0, idx);
  b.actions = all_.actions.index_select(0, idx);
  b.rewards = all_.rewards.index_select(0, idx);
  b.next_observations = all_.next_observations.index_select(0, idx);
  b.dones = all_.dones.index_select(0, idx);
  b.indices = idx;
  return b;
}

}  // namespace vaco::algos
