#include "core/train/train_config.h"

#include <algorithm>

#include "core/data/normalization.h"
#include "core/train/algorithms.h"
#include "core/train/config_fields.h"
#include "core/util/cuda_backend.h"
#include "core/util/error.h"

namespace vaco::train {

using nlohmann::json;

namespace {

// Every serialized setting of the config, in file order.
Fields fields_of(TrainConfig& c) {
  return {
      {"algo", &c.algo},
      {"steps", &c.steps},
      {"value_steps", &c.value_steps},
      {"seed", &c.seed},
      {"device", &c.device},
      {"threads", &c.threads},
      {"cuda_graph", &c.cuda_graph},
      {"tf32", &c.tf32},
      {"batch_size", &c.batch_size},
      {"hidden", &c.hidden},
      {"depth", &c.depth},
      {"reward_transform", &c.reward_transform},
      {"log_every", &c.log_every},
      {"eval_every", &c.eval_every},
      {"eval_episodes", &c.eval_episodes},
      {"eval_background", &c.eval_background},
      {"checkpoint_every", &c.checkpoint_every},
      {"snapshot_every", &c.snapshot_every},
      {"snapshot_episodes", &c.snapshot_episodes},
      {"checkpoint_keep", &c.checkpoint_keep},
      {"value_from", &c.value_from},
      {"value.lr", &c.value.lr},
      {"value.gamma", &c.value.gamma},
      {"value.expectile", &c.value.expectile},
      {"value.target_tau", &c.value.target_tau},
      {"vaco.policy_lr", &c.vaco.policy_lr},
      {"vaco.policy_lr_cosine", &c.vaco.policy_lr_cosine},
      {"vaco.meta_lr", &c.vaco.meta_lr},
      {"vaco.inner_lr", &c.vaco.inner_lr},
      {"vaco.normalization", &c.vaco.normalization},
      {"vaco.standardize_q_input", &c.vaco.standardize_q_input},
      {"vaco.advantage_input", &c.vaco.advantage_input},
      {"vaco.policy_baseline", &c.vaco.policy_baseline},
      {"vaco.state_centred", &c.vaco.state_centred},
      {"vaco.centre_lr", &c.vaco.centre_lr},
      {"vaco.centre_fraction", &c.vaco.centre_fraction},
      {"vaco.centre_expectile", &c.vaco.centre_expectile},
      {"vaco.score_temperature", &c.vaco.score_temperature},
      {"vaco.sigma0", &c.vaco.sigma0},
      {"vaco.sigma_end", &c.vaco.sigma_end},
      {"vaco.decay", &c.vaco.decay},
      {"vaco.noise_on", &c.vaco.noise_on},
      {"vaco.normalize_outer_q", &c.vaco.normalize_outer_q},
      {"vaco.q_norm_alpha", &c.vaco.q_norm_alpha},
      {"vaco.reuse_inner_weights", &c.vaco.reuse_inner_weights},
      {"vaco.meta_gradient", &c.vaco.meta_gradient},
      {"vaco.update_critic", &c.vaco.update_critic},
      {"vaco.scorer_use_state", &c.vaco.scorer.use_state},
      {"vaco.scorer_use_value", &c.vaco.scorer.use_value},
      {"vaco.guard.uniform_blend", &c.vaco.guard.uniform_blend},
      {"vaco.guard.kl_penalty", &c.vaco.guard.kl_penalty},
      {"vaco.guard.ess_floor", &c.vaco.guard.ess_floor},
      {"vaco.guard.trust_floor", &c.vaco.guard.trust_floor},
      {"vaco.guard.trust_every", &c.vaco.guard.trust_every},
      {"bc.lr", &c.bc.lr},
      {"weighted_bc.lr", &c.weighted_bc.lr},
      {"weighted_bc.awr_beta", &c.weighted_bc.awr_beta},
      {"weighted_bc.awr_clip", &c.weighted_bc.awr_clip},
      {"iql.actor_lr", &c.iql.actor_lr},
      {"iql.beta", &c.iql.beta},
      {"iql.max_weight", &c.iql.max_weight},
      {"iql.update_critic", &c.iql.update_critic},
      {"iql.actor_lr_cosine", &c.iql.actor_lr_cosine},
      {"td3bc.actor_lr", &c.td3bc.actor_lr},
      {"td3bc.critic_lr", &c.td3bc.critic_lr},
      {"td3bc.gamma", &c.td3bc.gamma},
      {"td3bc.tau", &c.td3bc.tau},
      {"td3bc.alpha", &c.td3bc.alpha},
      {"td3bc.policy_noise", &c.td3bc.policy_noise},
      {"td3bc.noise_clip", &c.td3bc.noise_clip},
      {"td3bc.policy_freq", &c.td3bc.policy_freq},
  };
}

}  // namespace

bool TrainConfig::needs_value_phase() const { return algorithm(algo).value_phase; }

void TrainConfig::validate() const {
  const AlgoSpec& spec = algorithm(algo);
  require_at_least("steps", steps, 0);
  require_at_least("value_steps", value_steps, 0);
  require_at_least("threads", threads, 1);
  require_at_least("batch_size", batch_size, 1);
  require_at_least("hidden", hidden, 1);
  require_at_least("depth", depth, 1);
  require_at_least("log_every", log_every, 1);
  require_at_least("eval_every", eval_every, 0);
  require_at_least("eval_episodes", eval_episodes, -1);
  require_at_least("checkpoint_every", checkpoint_every, 0);
  require_at_least("snapshot_every", snapshot_every, 0);
  require_at_least("checkpoint_keep", checkpoint_keep, 1);
  if (reward_transform != "auto") (void)parse_reward_transform(reward_transform);
  if (snapshot_episodes != "sample" && snapshot_episodes != "all")
    throw SettingError("snapshot_episodes", "snapshot_episodes must be sample or all, got '" + snapshot_episodes + "'");
  if (spec.value_phase) value.validate();
  if (!value_from.empty() && !spec.value_phase)
    throw SettingError("value_from", "value_from: " + algo + " has no value phase, so it cannot take a pretrained critic");
  spec.check(*this);
  try {
    (void)resolve_device(device);
  } catch (const Error& e) {
    throw SettingError("device", e.what());
  }
}

json config_to_json(const TrainConfig& config) {
  TrainConfig copy = config;
  return fields_to_json(fields_of(copy));
}

TrainConfig config_from_json(const json& j) {
  TrainConfig c;
  fields_from_json(fields_of(c), j);
  return c;
}

TrainConfig load_config(const std::string& path) {
  const json j = read_json_file(path);
  try {
    return config_from_json(j);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

void save_config(const TrainConfig& config, const std::string& path) { write_json_file(config_to_json(config), path); }

void apply_override(TrainConfig& config, const std::string& assignment) {
  apply_field_override(fields_of(config), assignment);
}

torch::Device resolve_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "auto") return cuda_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
    int64_t index = 0;
    if (name.size() > 5) {
      const std::string digits = name.substr(5);
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit) || digits.size() > 4)
        throw Error("bad device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
      index = std::stoll(digits);
    }
    if (!cuda_available())
      throw Error("device " + name + " asked for, but CUDA is not available: " + cuda_unavailable_reason());
    const int64_t count = int64_t(torch::cuda::device_count());
    if (index >= count)
      throw Error("device " + name + " asked for, but only " + std::to_string(count) + " CUDA device(s) exist");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  throw Error("bad device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
}

}  // namespace vaco::train
