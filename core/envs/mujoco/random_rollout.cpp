#include "core/envs/mujoco/random_rollout.h"

#include "core/envs/mujoco/rollout.h"

namespace vaco {

Dataset rollout_random(Env& env, int64_t episodes, uint64_t seed) {
  const double lo = env.action_low(), hi = env.action_high();
  return rollout(
      env, episodes, seed,
      [lo, hi](std::span<const float>, std::span<float> action, Rng& rng) {
        for (float& x : action) x = float(rng.uniform(lo, hi));
      },
      "random-rollout");
}

}  // namespace vaco
