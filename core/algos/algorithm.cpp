#include "core/algos/algorithm.h"

#include "core/util/error.h"

namespace vaco::algos {

void RunContext::validate() const {
  if (obs_dim < 1) throw Error("run: observation width must be >= 1, got " + std::to_string(obs_dim));
  if (act_dim < 1) throw Error("run: action width must be >= 1, got " + std::to_string(act_dim));
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
