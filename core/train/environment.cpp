#include "core/train/environment.h"

#include "core/envs/projectile.h"
#include "core/util/error.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/env_registry.h"
#endif

namespace vaco::train {

bool is_projectile(const std::string& id) { return id == "projectile" || id.rfind("projectile-", 0) == 0; }

std::unique_ptr<Env> make_environment(const std::string& id) {
  if (is_projectile(id)) return std::make_unique<ProjectileEnv>();
#ifdef VACO_WITH_MUJOCO
  return make_env(id);
#else
  throw Error("unknown environment '" + id + "' (this build has no MuJoCo)");
#endif
}

}  // namespace vaco::train
