#include "core/algos/algorithm.h"

#include "core/util/error.h"

namespace vaco::algos {

void RunContext::validate() const {
  if (obs_dim < 1) throw Error("run: observation width must be >= 1, got " + std::to_string(obs_dim));
  if (act_dim < 1) throw Error("run: action width must be >= 1, got " + std::to_string(act_dim));
}

void check_seed_batches(const Algorithm& first, const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  if (seeds.size() != batches.size() || seeds.empty() || seeds.front() != &first)
    throw Error(first.name() + ": batched seeds need one batch per seed, this learner first");
}

void Algorithm::update_seeds(const std::vector<Algorithm*>& seeds, const std::vector<Batch>& batches) {
  check_seed_batches(*this, seeds, batches);
  for (size_t k = 0; k < seeds.size(); ++k) seeds[k]->update(batches[k]);
}

void seed_initialization(uint64_t seed) { torch::manual_seed(seed); }

torch::Tensor PolicyAlgorithm::sample_weights(const Batch& batch) {
  return torch::ones({batch.actions.size(0)}, batch.actions.options());
}

torch::Tensor PolicyAlgorithm::q_value(const Batch& batch) {
  (void)batch;
  return {};
}

}  // namespace vaco::algos
