// Loads MuJoCo models once per file and shares them read-only between environment instances.
#pragma once
#include <mujoco/mujoco.h>

#include <functional>
#include <memory>
#include <string>

namespace vaco {

/// Adds elements to a parsed model before it is compiled (AntMaze's walls).
using ModelEdit = std::function<void(mjSpec*)>;

/// The compiled model of the MJCF file at `path` (with `edit` applied, when given), loaded on
/// first use and then shared per (path, variant); `variant` names the edit (e.g. the maze). The
/// cache is thread-safe; the model is never modified after loading. Throws vaco::Error with
/// MuJoCo's own message when the file is missing or does not compile.
std::shared_ptr<const mjModel> load_mujoco_model(const std::string& path, const std::string& variant = {},
                                                 const ModelEdit& edit = {});

/// Compiles the MJCF file at `path` without caching; same errors as load_mujoco_model.
std::shared_ptr<const mjModel> compile_mujoco_model(const std::string& path, const ModelEdit& edit = {});

}  // namespace vaco
