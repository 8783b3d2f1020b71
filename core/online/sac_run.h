// One online SAC run (`vaco sac`): the environment, the replay buffer and the learner; step()
// takes one environment step and one update. Every checkpoint_every env steps the policy is
// evaluated (progress.csv), saved as policies/policy-<steps>.pt and a resume point is written
// (replay.hdf5, then checkpoints/step-<steps>.pt).
#pragma once
#include <torch/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/algos/sac.h"
#include "core/envs/env.h"
#include "core/online/replay_buffer.h"
#include "core/online/sac_config.h"
#include "core/train/checkpoint.h"
#include "core/train/evaluator.h"
#include "core/train/metric_sink.h"

namespace vaco::online {

/// Owns everything of one SAC run. Not thread-safe: use it from one thread.
class SacRun {
 public:
  /// Validates `config` (throws vaco::Error before any work) and builds env, buffer and networks.
  /// With a non-empty `run_dir` the directory gets config.json, run.json, metrics.jsonl and
  /// progress.csv. With `resume`, run_dir must hold a run of the same config: the newest
  /// checkpoint that loads is restored with its replay buffer and environment state, so the run
  /// continues bit for bit on the CPU.
  SacRun(const SacRunConfig& config, const std::string& run_dir = "", bool resume = false);

  /// Adds a sink that receives every record from now on.
  void add_sink(std::shared_ptr<train::MetricSink> sink);
  /// One environment step and updates_per_step updates (after learning_starts); evaluation,
  /// policy file and resume point at each checkpoint_every boundary. False when no steps are left.
  bool step();
  /// Steps until done or `stop`; an interrupted run writes a resume point. Reports on_finished.
  train::RunResult run(const std::atomic<bool>* stop = nullptr, const std::function<void()>& between_steps = {});
  /// Evaluates the deterministic policy on `episodes` episodes of the run's environment.
  EvalResult evaluate(int64_t episodes);
  /// Writes replay.hdf5 and checkpoints/step-<env steps>.pt; keeps the newest checkpoint_keep.
  void write_checkpoint();

  /// Environment steps taken so far.
  int64_t env_steps() const { return env_steps_; }
  /// Environment steps of the whole run.
  int64_t total_steps() const { return config_.steps; }
  /// The run's config (as validated).
  const SacRunConfig& config() const { return config_; }
  /// The learner.
  algos::Sac& learner() { return *learner_; }
  /// The replay buffer.
  const ReplayBuffer& buffer() const { return *buffer_; }
  /// The training device.
  torch::Device device() const { return device_; }
  /// What resuming skipped.
  const std::vector<std::string>& resume_notes() const { return resume_notes_; }
  /// Seconds since construction.
  double wall_time() const;

 private:
  void checkpoint_boundary();
  void drain();
  train::CheckpointParts checkpoint_parts();
  void load_checkpoint(const std::string& path);
  void start_episode();

  SacRunConfig config_;
  torch::Device device_;
  std::string run_dir_;
  std::unique_ptr<Env> env_;
  std::unique_ptr<ReplayBuffer> buffer_;
  std::unique_ptr<algos::Sac> learner_;
  torch::Generator sample_gen_, warmup_gen_, explore_gen_;
  std::vector<float> obs_, next_obs_, action_;
  std::vector<double> qpos_, qvel_;
  int64_t env_steps_ = 0, episodes_ = 0, episode_steps_ = 0, learner_steps_ = 0;
  double episode_return_ = 0.0;
  torch::Tensor env_state_, obs_state_, return_state_;  ///< staging for checkpoints
  std::vector<std::shared_ptr<train::MetricSink>> sinks_;
  std::chrono::steady_clock::time_point start_;
  double last_drain_time_ = 0;
  int64_t last_drain_step_ = 0;
  std::vector<std::string> resume_notes_;
};

}  // namespace vaco::online
