// One training run's settings: the algorithm, the schedule, the device and every learner's
// config, with JSON load/save and `--set key=value` overrides (dotted keys, e.g. vaco.meta_lr).
#pragma once
#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/algos/bc.h"
#include "core/algos/iql.h"
#include "core/algos/td3bc.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/algos/weighted_bc.h"

namespace vaco::train {

/// Everything a run needs besides the dataset. Network shapes come from `hidden` and `depth`
/// (applied to every network of the run).
struct TrainConfig {
  std::string algo = "vaco";      ///< a name of the algorithm table (core/train/algorithms.h)
  int64_t steps = 100000;         ///< gradient steps of the policy phase
  int64_t value_steps = 50000;    ///< value pretraining steps (skipped by bc and td3bc)
  uint64_t seed = 0;
  std::string device = "auto";    ///< auto | cpu | cuda | cuda:N
  int64_t threads = 1;            ///< torch intra-op threads on the CPU (1: safe on a busy machine; see core/algos/README)
  /// On CUDA, capture a learner's step into a CUDA graph and replay it (algos::StepGraph); no
  /// effect on the CPU.
  bool cuda_graph = true;
  /// On CUDA, matrix products in TensorFloat-32 (set_cuda_tf32); no effect on the CPU.
  bool tf32 = false;
  int64_t batch_size = 256;
  int64_t hidden = 256;           ///< units per hidden layer of every network
  int64_t depth = 3;              ///< hidden layers of every network
  std::string reward_transform = "auto";  ///< auto | none | locomotion | antmaze-iql | antmaze-cql
  int64_t log_every = 100;        ///< metrics are drained (and checked for NaN) every N steps
  int64_t eval_every = 0;         ///< policy-phase steps between evaluations (0: only at the end)
  /// Episodes per evaluation (0: no evaluation; -1: the task's protocol, 100 on AntMaze and 10
  /// elsewhere, train::evaluation_episodes).
  int64_t eval_episodes = -1;
  /// Evaluations during training run on their own thread with a still copy of the policy while
  /// training goes on (false: inline); their records keep the step they were taken at.
  bool eval_background = true;
  int64_t checkpoint_every = 5000;  ///< steps between atomic checkpoints (0: none); a kill loses at most this many
  int64_t snapshot_every = 5000;    ///< policy-phase steps between analysis snapshots in snapshots/ (0: none)
  /// The episodes a snapshot scores whole: "sample" (a random 2,000 at most, within 65,536
  /// transitions) or "all" (every episode; slower snapshots on large files).
  std::string snapshot_episodes = "sample";
  int64_t checkpoint_keep = 3;      ///< newest checkpoints kept in checkpoints/ (>= 1)
  /// A run directory whose value.pt (written when a value phase ends) gives this run's critic;
  /// the value phase is then skipped ("" = pretrain here).
  std::string value_from;

  algos::ValueConfig value{};
  algos::VacoConfig vaco{};
  algos::BcConfig bc{};
  algos::WeightedBcConfig weighted_bc{};
  algos::IqlConfig iql{};
  algos::Td3BcConfig td3bc{};

  /// True when the algorithm needs the value pretraining phase (the table's value_phase).
  bool needs_value_phase() const;
  /// Throws vaco::Error with one line when any setting used by this run is invalid, including
  /// a CUDA device that is not available.
  void validate() const;
};

/// The config as JSON (nested objects for the dotted keys).
nlohmann::json config_to_json(const TrainConfig& config);

/// Reads a config; keys not given keep their defaults. Throws vaco::Error on an unknown key or
/// a value of the wrong type (does not call validate()).
TrainConfig config_from_json(const nlohmann::json& j);

/// Loads a JSON config file (see config_from_json); throws vaco::Error naming the file.
TrainConfig load_config(const std::string& path);

/// Writes the config as pretty JSON; throws vaco::Error when the file cannot be written.
void save_config(const TrainConfig& config, const std::string& path);

/// Applies one "key=value" override (e.g. "vaco.meta_lr=1e-4"); throws vaco::Error on an
/// unknown key or a value that does not parse as the setting's type.
void apply_override(TrainConfig& config, const std::string& assignment);

/// The device for "auto" | "cpu" | "cuda" | "cuda:N"; throws vaco::Error when CUDA is asked
/// for but absent, or the index is out of range.
torch::Device resolve_device(const std::string& name);

}  // namespace vaco::train
