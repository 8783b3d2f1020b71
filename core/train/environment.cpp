#include "core/train/environment.h"

#include <sstream>

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

std::string score_source(const std::string& env_id, const std::optional<ReferenceReturns>& dataset_reference) {
  const auto pair = [](const ReferenceReturns& r) {
    std::ostringstream o;
    o << "(" << r.random << ", " << r.expert << ")";
    return o.str();
  };
  if (dataset_reference) return "the dataset's ref_min_score / ref_max_score " + pair(*dataset_reference);
  if (is_projectile(env_id)) return "the projectile toy's best and worst return at each launch height";
  try {
    const std::unique_ptr<Env> env = make_environment(env_id);
    return "D4RL's reference returns of " + env->name() + " " + pair(env->reference_returns());
  } catch (const Error&) {
    return "none (no environment for '" + env_id + "')";
  }
}

int64_t evaluation_episodes(const std::string& id, int64_t requested) {
  return requested >= 0 ? requested : make_environment(id)->evaluation_episodes();
}

}  // namespace vaco::train
