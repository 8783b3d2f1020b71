// The settings of an online SAC run (`vaco sac`): environment, schedule, buffer, evaluation and
// checkpoint cadence, and the learner's SacConfig; JSON load/save and `--set key=value`.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "core/algos/sac.h"

namespace vaco::online {

/// Everything an online SAC run needs.
struct SacRunConfig {
  std::string algo = "sac";        ///< always "sac" (run directories say what made them)
  std::string env = "hopper";      ///< environment id (hopper, walker2d, halfcheetah, ant, projectile)
  int64_t steps = 1000000;         ///< environment steps
  uint64_t seed = 0;
  std::string device = "auto";     ///< auto | cpu | cuda | cuda:N
  int64_t threads = 1;             ///< torch intra-op threads on the CPU
  int64_t batch_size = 256;
  int64_t buffer_size = 1000000;   ///< replay capacity (rows)
  int64_t learning_starts = 10000; ///< uniform-random steps before the first update
  int64_t updates_per_step = 1;    ///< gradient updates per environment step once learning
  int64_t checkpoint_every = 10000;  ///< env steps between evaluation + policy checkpoint + resume point
  int64_t eval_episodes = 10;      ///< deterministic episodes per evaluation
  int64_t log_every = 1000;        ///< env steps between metric records
  int64_t checkpoint_keep = 2;     ///< newest resume checkpoints kept in checkpoints/ (policies/ keeps all)
  algos::SacConfig sac{};

  /// Throws vaco::Error with one line when a setting is invalid, including an unknown env or a
  /// CUDA device that is not available.
  void validate() const;
};

/// The config as JSON (nested objects for the dotted keys, e.g. sac.actor_lr).
nlohmann::json sac_config_to_json(const SacRunConfig& config);
/// Reads a config; keys not given keep their defaults. Throws vaco::Error on an unknown key or a
/// value of the wrong type.
SacRunConfig sac_config_from_json(const nlohmann::json& j);
/// Loads a JSON config file; throws vaco::Error naming the file.
SacRunConfig load_sac_config(const std::string& path);
/// Writes the config as pretty JSON.
void save_sac_config(const SacRunConfig& config, const std::string& path);
/// Applies one "key=value" override (e.g. "sac.tau=0.01" or "learning_starts=1000").
void apply_sac_override(SacRunConfig& config, const std::string& assignment);

}  // namespace vaco::online
