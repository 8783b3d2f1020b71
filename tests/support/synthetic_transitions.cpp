#include "tests/support/synthetic_transitions.h"

#include <torch/torch.h>

namespace vaco::test {

Transitions hopperShapedTransitions(int64_t rows, uint64_t seed) {
  torch::manual_seed(seed);
  Transitions t;
  t.observations = torch::randn({rows, 17});
  t.actions = torch::rand({rows, 6}) * 2 - 1;
  t.rewards = torch::randn({rows});
  t.next_observations = torch::randn({rows, 17});
  t.dones = (torch::rand({rows}) < 0.01).to(torch::kFloat32);
  return t;
}

}  // namespace vaco::test
