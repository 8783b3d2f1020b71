// Random-policy rollouts of an environment, stored as a D4RL-layout dataset.
#pragma once
#include <cstdint>

#include "core/data/dataset.h"
#include "core/envs/env.h"

namespace vaco {

/// rollout() with uniformly random actions in [action_low, action_high], drawn from the
/// rollout's stream; the dataset is named "<env>-random-rollout". The same seed gives the same
/// dataset. Throws vaco::Error when episodes < 1.
Dataset rollout_random(Env& env, int64_t episodes, uint64_t seed);

}  // namespace vaco
