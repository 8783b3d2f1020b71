// Environments by id for training and evaluation: the projectile toy always, MuJoCo when built.
#pragma once
#include <memory>
#include <string>

#include "core/envs/env.h"

namespace vaco::train {

/// True for ids of the projectile toy ("projectile", "projectile-...").
bool is_projectile(const std::string& id);

/// A fresh environment for `id`; throws vaco::Error when the id is unknown in this build.
std::unique_ptr<Env> make_environment(const std::string& id);

}  // namespace vaco::train
