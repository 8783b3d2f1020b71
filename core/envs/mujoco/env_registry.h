// Makes environments by name: family names ("hopper") and D4RL / gym ids ("hopper-medium-v2").
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/envs/env.h"
#include "core/envs/mujoco/mujoco_env.h"

namespace vaco {

/// Family names make_env knows, in display order.
std::vector<std::string> known_env_names();

/// Every environment `vaco env list` shows: the families (v4 physics), the v5 ids and the AntMaze tasks.
std::vector<std::string> listed_env_ids();

/// The family of an env or dataset id ("Hopper-v4", "hopper-medium-v2", "half_cheetah",
/// "AntMaze_UMaze-v5" -> "hopper", "hopper", "halfcheetah", "antmaze"); empty when the id names
/// no known family.
std::string env_family(const std::string& id);

/// GymVersion::V5 for gymnasium v5 ids ("Hopper-v5", "hopper-v5"), else V4 (family names, gym
/// v2-v4 ids and D4RL dataset ids, whose data were recorded in v2 physics).
GymVersion gym_version(const std::string& id);

/// How gymnasium names an environment: its registered id and the class that makes it.
struct GymnasiumSpec {
  std::string id;           ///< "Hopper-v4", "Walker2d-v5"; "projectile-v0" for the toy (not in gymnasium)
  std::string entry_point;  ///< "gymnasium.envs.mujoco.hopper_v4:HopperEnv"; empty for the toy
};

/// The gymnasium spec of the environment `id` names (v4 for family names and D4RL ids); throws
/// vaco::Error for an unknown id.
GymnasiumSpec gymnasium_spec(const std::string& id);

/// A fresh environment for `id` (see env_family and gym_version); throws vaco::Error listing the known names
/// when the id is unknown, or when the model file cannot be found or loaded.
std::unique_ptr<Env> make_env(const std::string& id);

/// As make_env, for the MuJoCo families only (gives access to qpos / qvel / set_state).
std::unique_ptr<MujocoEnv> make_mujoco_env(const std::string& id);

}  // namespace vaco
