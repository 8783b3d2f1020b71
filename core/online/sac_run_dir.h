// A SAC run directory read back: its config, widths, and the policy checkpoints with their
// evaluated returns (progress.csv), for data generation and the GUI.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/nets/gaussian_policy.h"
#include "core/online/sac_config.h"

namespace vaco::online {

/// One saved policy of a run.
struct PolicyCheckpoint {
  int64_t env_steps = 0;
  std::string path;              ///< policies/policy-<9-digit steps>.pt
  bool evaluated = false;        ///< progress.csv has a line for these steps
  double return_mean = 0.0, score_mean = 0.0;
};

/// What a SAC run directory holds.
struct SacRunInfo {
  std::string dir;
  SacRunConfig config;
  int64_t obs_dim = 0, act_dim = 0;
  std::vector<PolicyCheckpoint> checkpoints;  ///< ascending env steps
  std::string replay_path;                    ///< replay.hdf5 (may not exist)
};

/// "policy-000010000.pt".
std::string policy_file_name(int64_t env_steps);

/// Reads config.json, run.json, policies/ and progress.csv; throws vaco::Error naming the
/// missing or broken file (and says when the directory is not a SAC run).
SacRunInfo read_sac_run(const std::string& dir);

/// The run's checkpoint at `steps` env steps; throws vaco::Error, led by `option` (the setting
/// that asked for it, "--medium-step"), naming the steps the run has.
const PolicyCheckpoint& checkpoint_at(const SacRunInfo& run, int64_t steps, const std::string& option);

/// Loads one policy checkpoint of the run onto the CPU; throws vaco::Error naming the file.
nets::GaussianPolicy load_sac_policy(const SacRunInfo& run, const PolicyCheckpoint& checkpoint);

}  // namespace vaco::online
