// Environments by id for training and evaluation: the projectile toy always, MuJoCo when built.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/envs/env.h"

namespace vaco::train {

/// True for ids of the projectile toy ("projectile", "projectile-...").
bool is_projectile(const std::string& id);

/// A fresh environment for `id`; throws vaco::Error when the id is unknown in this build.
std::unique_ptr<Env> make_environment(const std::string& id);

/// The episodes an evaluation on `id` runs: `requested` when it is >= 0, else the task's own
/// protocol (Env::evaluation_episodes: 100 on AntMaze, 10 elsewhere). Throws vaco::Error as
/// make_environment does when it has to ask an unknown id.
int64_t evaluation_episodes(const std::string& id, int64_t requested);

/// Where the normalized score of runs on `env_id` takes its 0 and 100 from, in one line: the
/// dataset's own references when given, else the environment's (D4RL's) reference returns.
std::string score_source(const std::string& env_id, const std::optional<ReferenceReturns>& dataset_reference);

}  // namespace vaco::train
