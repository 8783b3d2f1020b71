#include "core/envs/mujoco/env_registry.h"


#include "core/envs/mujoco/ant.h"
#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/env_id.h"
#include "core/envs/mujoco/half_cheetah.h"
#include "core/envs/mujoco/hopper.h"
#include "core/envs/mujoco/walker2d.h"
#include "core/envs/projectile.h"
#include "core/util/error.h"

namespace vaco {

namespace {

const std::vector<std::string>& mujoco_families() {
  static const std::vector<std::string> names = {"hopper", "walker2d", "halfcheetah", "ant"};
  return names;
}

std::string joined_known_names() {
  std::string out;
  for (const std::string& n : listed_env_ids()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

[[noreturn]] void throw_unknown(const std::string& id) {
  throw Error("unknown environment '" + id + "'; known: " + joined_known_names() +
              " (D4RL ids such as hopper-medium-v2 name their family)");
}

}  // namespace

std::vector<std::string> known_env_names() {
  std::vector<std::string> names = mujoco_families();
  names.emplace_back("projectile");
  return names;
}

std::vector<std::string> listed_env_ids() {
  std::vector<std::string> ids;
  for (const std::string& family : known_env_names()) {
    ids.push_back(family);
    if (family != "projectile") ids.push_back(family + "-v5");
  }
  for (const AntMazeTask& task : ant_maze_tasks()) ids.push_back(task.id);
  return ids;
}

std::string env_family(const std::string& id) {
  if (find_ant_maze_task(id) != nullptr) return "antmaze";
  const std::string key = env_id_key(id);
  for (const std::string& family : known_env_names()) {
    // "hopper" and "hopper-..." match; "antmaze-..." does not match "ant".
    if (key.rfind(family, 0) == 0 && (key.size() == family.size() || key[family.size()] == '-')) {
      return family;
    }
  }
  return "";
}

GymVersion gym_version(const std::string& id) {
  if (const AntMazeTask* task = find_ant_maze_task(id)) return task->form == AntMazeForm::GymRobotics ? GymVersion::V5 : GymVersion::V4;
  const std::string family = env_family(id);
  return !family.empty() && env_id_key(id) == family + "-v5" ? GymVersion::V5 : GymVersion::V4;
}

GymnasiumSpec gymnasium_spec(const std::string& id) {
  const std::string family = env_family(id);
  if (family == "projectile") return {"projectile-v0", ""};
  if (family.empty()) throw_unknown(id);
  if (const AntMazeTask* task = find_ant_maze_task(id)) {
    if (task->form != AntMazeForm::GymRobotics) {
      throw Error("environment '" + id + "' is D4RL's AntMaze, which gymnasium has no id for; its gymnasium-robotics counterparts are AntMaze_*-v5");
    }
    return {task->id, "gymnasium_robotics.envs.maze.ant_maze_v5:AntMazeEnv"};
  }
  struct Names {
    const char* family;
    const char* gym_name;
    const char* module;
    const char* class_name;
  };
  static constexpr Names names[] = {{"hopper", "Hopper", "hopper", "HopperEnv"},
                                    {"walker2d", "Walker2d", "walker2d", "Walker2dEnv"},
                                    {"halfcheetah", "HalfCheetah", "half_cheetah", "HalfCheetahEnv"},
                                    {"ant", "Ant", "ant", "AntEnv"}};
  const std::string v = gym_version(id) == GymVersion::V5 ? "5" : "4";
  for (const Names& n : names) {
    if (family == n.family) {
      return {std::string(n.gym_name) + "-v" + v,
              std::string("gymnasium.envs.mujoco.") + n.module + "_v" + v + ":" + n.class_name};
    }
  }
  throw_unknown(id);
}

std::unique_ptr<MujocoEnv> make_mujoco_env(const std::string& id) {
  const std::string family = env_family(id);
  const GymVersion version = gym_version(id);
  if (family == "hopper") return std::make_unique<HopperEnv>(version);
  if (family == "walker2d") return std::make_unique<Walker2dEnv>(version);
  if (family == "halfcheetah") return std::make_unique<HalfCheetahEnv>(version);
  if (family == "ant") return std::make_unique<AntEnv>(version);
  if (const AntMazeTask* task = find_ant_maze_task(id)) return std::make_unique<AntMazeEnv>(*task);
  if (!family.empty()) {
    throw Error("environment '" + id + "' is not a MuJoCo environment; MuJoCo ones: hopper, walker2d, halfcheetah, ant, antmaze-*");
  }
  throw_unknown(id);
}

std::unique_ptr<Env> make_env(const std::string& id) {
  const std::string family = env_family(id);
  if (family == "projectile") return std::make_unique<ProjectileEnv>();
  if (family.empty()) throw_unknown(id);
  return make_mujoco_env(id);
}

}  // namespace vaco
