#include "core/online/sac_config.h"

#include "core/train/config_fields.h"
#include "core/train/environment.h"
#include "core/train/train_config.h"
#include "core/util/error.h"

namespace vaco::online {
namespace {

using train::Fields;

// Every serialized setting, in file order.
Fields fields_of(SacRunConfig& c) {
  return {
      {"algo", &c.algo},
      {"env", &c.env},
      {"steps", &c.steps},
      {"seed", &c.seed},
      {"device", &c.device},
      {"threads", &c.threads},
      {"batch_size", &c.batch_size},
      {"buffer_size", &c.buffer_size},
      {"learning_starts", &c.learning_starts},
      {"updates_per_step", &c.updates_per_step},
      {"checkpoint_every", &c.checkpoint_every},
      {"eval_episodes", &c.eval_episodes},
      {"log_every", &c.log_every},
      {"checkpoint_keep", &c.checkpoint_keep},
      {"sac.hidden", &c.sac.shape.hidden},
      {"sac.depth", &c.sac.shape.depth},
      {"sac.actor_lr", &c.sac.actor_lr},
      {"sac.critic_lr", &c.sac.critic_lr},
      {"sac.alpha_lr", &c.sac.alpha_lr},
      {"sac.gamma", &c.sac.gamma},
      {"sac.tau", &c.sac.tau},
      {"sac.auto_alpha", &c.sac.auto_alpha},
      {"sac.alpha", &c.sac.alpha},
      {"sac.target_entropy_per_dim", &c.sac.target_entropy_per_dim},
  };
}

}  // namespace

void SacRunConfig::validate() const {
  using train::require_at_least;
  if (algo != "sac") throw Error("algo must be 'sac' in a SAC run's config, got '" + algo + "'");
  (void)train::make_environment(env);
  require_at_least("steps", steps, 1);
  require_at_least("threads", threads, 1);
  require_at_least("batch_size", batch_size, 1);
  require_at_least("buffer_size", buffer_size, 1);
  require_at_least("learning_starts", learning_starts, 0);
  require_at_least("updates_per_step", updates_per_step, 0);
  require_at_least("checkpoint_every", checkpoint_every, 1);
  require_at_least("eval_episodes", eval_episodes, 0);
  require_at_least("log_every", log_every, 1);
  require_at_least("checkpoint_keep", checkpoint_keep, 1);
  sac.validate();
  (void)train::resolve_device(device);
}

nlohmann::json sac_config_to_json(const SacRunConfig& config) {
  SacRunConfig copy = config;
  return train::fields_to_json(fields_of(copy));
}

SacRunConfig sac_config_from_json(const nlohmann::json& j) {
  SacRunConfig c;
  train::fields_from_json(fields_of(c), j);
  return c;
}

SacRunConfig load_sac_config(const std::string& path) {
  const nlohmann::json j = train::read_json_file(path);
  try {
    return sac_config_from_json(j);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

void save_sac_config(const SacRunConfig& config, const std::string& path) {
  train::write_json_file(sac_config_to_json(config), path);
}

void apply_sac_override(SacRunConfig& config, const std::string& assignment) {
  train::apply_field_override(fields_of(config), assignment);
}

}  // namespace vaco::online
