// Random-policy rollouts of an environment, stored as a D4RL-layout dataset.
#pragma once
#include <cstdint>

#include "core/data/dataset.h"
#include "core/envs/env.h"

namespace vaco {

/// Runs `episodes` episodes of uniformly random actions in [action_low, action_high] until
/// termination or the step limit. Rows are D4RL's: observation, action, reward, terminal,
/// timeout (true on the step-limit row of an unterminated episode), next_observations, and,
/// for MuJoCo envs, infos/qpos and infos/qvel of the state each row's action was taken in.
/// The same seed gives the same dataset. Throws vaco::Error when episodes < 1.
Dataset rollout_random(Env& env, int64_t episodes, uint64_t seed);

}  // namespace vaco
