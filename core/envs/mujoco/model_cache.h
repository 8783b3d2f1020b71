// Loads MuJoCo models once per file and shares them read-only between environment instances.
#pragma once
#include <mujoco/mujoco.h>

#include <memory>
#include <string>

namespace vaco {

/// The compiled model of the MJCF file at `path`, loaded on first use and then shared (the
/// cache is thread-safe; the model is never modified after loading). Throws vaco::Error with
/// MuJoCo's own message when the file is missing or does not compile.
std::shared_ptr<const mjModel> load_mujoco_model(const std::string& path);

/// Compiles the MJCF file at `path` without caching; same errors as load_mujoco_model.
std::shared_ptr<const mjModel> compile_mujoco_model(const std::string& path);

}  // namespace vaco
