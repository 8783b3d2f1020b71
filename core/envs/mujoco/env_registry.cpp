#include "core/envs/mujoco/env_registry.h"

#include <cctype>

#include "core/envs/mujoco/ant.h"
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
  for (const std::string& n : known_env_names()) out += (out.empty() ? "" : ", ") + n;
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

std::string env_family(const std::string& id) {
  std::string key;
  for (char c : id) {
    if (c != '_' && c != ' ') key += char(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const std::string& family : known_env_names()) {
    // "hopper" and "hopper-..." match; "antmaze-..." does not match "ant".
    if (key.rfind(family, 0) == 0 && (key.size() == family.size() || key[family.size()] == '-')) {
      return family;
    }
  }
  return "";
}

std::unique_ptr<MujocoEnv> make_mujoco_env(const std::string& id) {
  const std::string family = env_family(id);
  if (family == "hopper") return std::make_unique<HopperEnv>();
  if (family == "walker2d") return std::make_unique<Walker2dEnv>();
  if (family == "halfcheetah") return std::make_unique<HalfCheetahEnv>();
  if (family == "ant") return std::make_unique<AntEnv>();
  if (!family.empty()) {
    throw Error("environment '" + id + "' is not a MuJoCo environment; MuJoCo ones: hopper, walker2d, halfcheetah, ant");
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
