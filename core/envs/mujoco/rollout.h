// Episodes of an environment under a policy, stored as a D4RL-layout dataset: the one rollout
// loop behind `vaco env rollout` (random actions or a trained policy).
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "core/data/dataset.h"
#include "core/envs/env.h"
#include "core/util/rng.h"

namespace vaco {

/// Writes the action for `observation` into `action` (action_dim values). `rng` is the
/// rollout's own seeded stream, for policies that draw random numbers.
using RolloutPolicy = std::function<void(std::span<const float> observation, std::span<float> action, Rng& rng)>;

/// As RolloutPolicy, for a stochastic policy: also returns log π(action | observation).
using SamplingPolicy =
    std::function<float(std::span<const float> observation, std::span<float> action, Rng& rng)>;

/// Runs `episodes` episodes of `policy` until termination or the step limit; episode e starts
/// from reset(k_e), k_e the rollout stream's next raw value. Rows are D4RL's: observation,
/// action, reward, terminal, timeout (true on the step-limit row of an unterminated episode),
/// next_observations, and, for MuJoCo envs, infos/qpos and infos/qvel of the state each row's
/// action was taken in (AntMaze: also infos/goal, the goal of each row). The dataset is named "<env>-<label>". Deterministic for a seed when the
/// policy is. Throws vaco::Error when episodes < 1 or the policy writes a non-finite action.
Dataset rollout(Env& env, int64_t episodes, uint64_t seed, const RolloutPolicy& policy, const std::string& label);

/// Runs episodes as rollout() does until `rows` rows are recorded, keeping complete episodes only:
/// the episode that goes past `rows` is dropped, so the dataset has at most `rows` rows. Adds
/// infos/action_log_probs (what `policy` returned). `progress(rows_done)` is called after each
/// episode. Throws vaco::Error when rows < 1, the first episode alone is longer than `rows`, or
/// the policy writes a non-finite action.
Dataset rollout_rows(Env& env, int64_t rows, uint64_t seed, const SamplingPolicy& policy, const std::string& label,
                     const std::function<void(int64_t)>& progress = {});

}  // namespace vaco
