// A run directory: the names of its files, run.json read and written, and what a rerun does
// with it. Every other part of the project asks this type for a run's paths.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/envs/env.h"

namespace vaco::train {

/// What run.json says about a run: its kind, its data and its policy's widths.
struct RunInfo {
  std::string kind;          ///< "" for `vaco train` runs, "sac" for `vaco sac` runs
  std::string dataset;       ///< the dataset's name (absent from SAC runs)
  std::string dataset_path;  ///< the dataset file's absolute path ("" for data made in memory)
  std::string env_id;
  int64_t obs_dim = 0;
  int64_t act_dim = 0;
  /// The returns that score 0 and 100 when the dataset gave its own ("score_reference": {"random",
  /// "expert"}); unset: the environment's D4RL references.
  std::optional<ReferenceReturns> score_reference;
};

/// What a rerun does with a run folder.
enum class RunDirState {
  Completed,  ///< metrics.jsonl ends with status "completed": skipped
  Resumable,  ///< it has a checkpoint: `vaco train --resume DIR`
  Fresh,      ///< anything else: emptied, then started afresh
};

/// One run directory (which need not exist yet).
class RunDir {
 public:
  /// The run directory at `dir`.
  explicit RunDir(std::string dir);

  /// The folder itself.
  const std::string& dir() const { return dir_; }
  /// config.json: the run's effective settings.
  std::string config_json() const { return file("config.json"); }
  /// run.json: RunInfo.
  std::string run_json() const { return file("run.json"); }
  /// metrics.jsonl: every metric, evaluation, note and the final status.
  std::string metrics_jsonl() const { return file("metrics.jsonl"); }
  /// eval.csv: one line per evaluation of an offline run.
  std::string eval_csv() const { return file("eval.csv"); }
  /// progress.csv: one line per evaluation of a SAC run.
  std::string progress_csv() const { return file("progress.csv"); }
  /// normalization.json: the state mean and std the policy expects.
  std::string normalization_json() const { return file("normalization.json"); }
  /// policy.pt: the final policy.
  std::string policy_pt() const { return file("policy.pt"); }
  /// value.pt: the critic after the value phase (what `--value-from` takes).
  std::string value_pt() const { return file("value.pt"); }
  /// checkpoints/: step-<step>.pt, newest kept.
  std::string checkpoints() const { return file("checkpoints"); }
  /// checkpoint.pt: the single checkpoint of the old layout.
  std::string legacy_checkpoint() const { return file("checkpoint.pt"); }
  /// snapshots/: step-<step>.json analysis snapshots.
  std::string snapshots() const { return file("snapshots"); }
  /// policies/: a SAC run's numbered policies.
  std::string policies() const { return file("policies"); }
  /// train.log: the console output of a run that a grid started.
  std::string train_log() const { return file("train.log"); }
  /// replay.hdf5: a SAC run's replay buffer in D4RL's layout.
  std::string replay_hdf5() const { return file("replay.hdf5"); }

  /// True when the folder holds config.json.
  bool has_config() const;
  /// True when the folder holds metrics.jsonl (it is a run directory that has started).
  bool has_metrics() const;
  /// Creates the folder (and parents); throws vaco::Error naming it when it cannot.
  void create() const;
  /// Empties the folder for a fresh start (creating it); returns "" or the problem.
  std::string reset() const;
  /// Writes run.json; throws vaco::Error naming the file when it cannot.
  void write_info(const RunInfo& info) const;
  /// Reads run.json; throws vaco::Error naming the file when it is missing or broken.
  RunInfo read_info() const;
  /// run.json's content, or nothing when it is missing or broken.
  std::optional<RunInfo> info_if_any() const;
  /// The status of metrics.jsonl's last "finished" line: completed, interrupted or failed;
  /// "unfinished" without one, or when the file is missing or does not parse.
  std::string finished_status() const;
  /// True when the folder holds a checkpoint (checkpoints/step-*.pt or the old checkpoint.pt).
  bool has_checkpoint() const;
  /// Completed, Resumable or Fresh (Fresh when the folder does not exist).
  RunDirState state() const;

 private:
  std::string file(const char* name) const;
  std::string dir_;
};

}  // namespace vaco::train
