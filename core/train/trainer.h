// One training run: the dataset's transitions on the device, the sampler, the critic and the
// learner; step() advances one gradient step of the current phase (value pretraining, then the
// policy phase), drains metrics every log_every steps, evaluates every eval_every steps.
#pragma once
#include <torch/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/algos/algorithm.h"
#include "core/algos/batch.h"
#include "core/algos/step_graph.h"
#include "core/algos/value_pretraining.h"
#include "core/analysis/snapshot.h"
#include "core/data/dataset.h"
#include "core/data/normalization.h"
#include "core/nets/policy.h"
#include "core/train/analysis_probe.h"
#include "core/train/background_evaluation.h"
#include "core/train/checkpoint.h"
#include "core/train/metric_sink.h"
#include "core/train/train_config.h"

namespace vaco::train {

/// The phase a step belongs to.
enum class Phase { Value, Policy, Done };

/// "value", "policy" or "done".
std::string to_string(Phase phase);

/// The update a step is made of: the learner of the present phase and the batch it steps on.
struct PendingUpdate {
  algos::Algorithm* learner = nullptr;
  algos::Batch batch;
};

/// The message of the vaco::Error or c10::Error `body` throws, or "" when it returns normally.
std::string error_of(const std::function<void()>& body);

/// Owns everything of one run. Not thread-safe: use it from one thread.
class Trainer {
 public:
  /// Validates `config` (throws vaco::Error before any work), builds transitions, normalization,
  /// sampler and networks. With a non-empty `run_dir` the directory is created and gets
  /// config.json, normalization.json, run.json (dataset, env id, widths), metrics.jsonl,
  /// value.pt when the value phase ends and, at the end of run(), policy.pt. With
  /// config.value_from the critic comes from that run's value.pt and the value phase is skipped.
  /// With `resume`, run_dir must hold a run of the same config: its files are kept and the
  /// newest checkpoint that loads is restored: checkpoints/step-*.pt, newest first, then an older
  /// run's checkpoint.pt (throws vaco::Error when none loads; each one skipped is a note).
  Trainer(const TrainConfig& config, const Dataset& dataset, const std::string& run_dir = "", bool resume = false);

  /// Adds a sink that receives every record from now on.
  void add_sink(std::shared_ptr<MetricSink> sink);
  /// One gradient step of the current phase; false when the run has no steps left. Throws
  /// vaco::Error when a drained metric is NaN or Inf (the message names it and the step).
  bool step();
  /// The update of the next step, for a caller that runs it itself (SeedGroup batches the seeds'
  /// updates): the present phase's learner and its batch; nullopt when the run is done. end_step()
  /// follows the update. step() is begin_step(), the update, end_step().
  std::optional<PendingUpdate> begin_step();
  /// What a step does after its update: the step counter, metrics (throws as step() does),
  /// evaluations, snapshots and checkpoints.
  void end_step();
  /// What run() does after the steps, for a caller that stepped the run itself: with an empty
  /// `error`, waits for a background evaluation, checkpoints an unfinished run (Interrupted),
  /// takes the last snapshot and evaluation and saves policy.pt; with one, the run Failed with
  /// that message. Reports on_finished to the sinks either way.
  RunResult finish(const std::string& error = "");
  /// Steps until done or until `stop` becomes true (checked between steps); evaluates at the
  /// end, saves the policy into the run dir (and a checkpoint when interrupted) and reports
  /// on_finished to the sinks. `between_steps`, when given, runs after every step (the GUI
  /// worker pauses and streams there); it must not throw.
  RunResult run(const std::atomic<bool>* stop = nullptr, const std::function<void()>& between_steps = {});
  /// Evaluates the current policy on the dataset's environment over `episodes` (-1: the task's
  /// protocol, train::evaluation_episodes); nullopt when the environment is unknown or episodes is 0.
  std::optional<EvalResult> evaluate(int64_t episodes);
  /// Scores the fixed probe set with the current networks: per-sample weights and Q, and the
  /// per-trajectory mean weight against return, with both Pearson r (a few ms to ~1 s).
  analysis::AnalysisSnapshot snapshot();
  /// Takes a snapshot and reports it to the sinks (on_snapshot).
  void emit_snapshot();
  /// Deterministic actions for raw (unnormalized) observations [B, obs_dim], on the CPU.
  torch::Tensor act(const torch::Tensor& raw_observations);
  /// The critic's Q for raw observations [B, obs_dim] and actions [B, act_dim], on the CPU as
  /// float64 [B] (what snapshots call Q); undefined when the run has no critic.
  torch::Tensor q_values(const torch::Tensor& raw_observations, const torch::Tensor& actions);
  /// Writes checkpoints/step-<global step>.pt in the run dir and keeps the newest checkpoint_keep.
  void write_checkpoint();
  /// The run dir's checkpoints/ folder.
  std::string checkpoint_dir() const;
  /// What resuming skipped (e.g. "…/step-000000070.pt: cannot read the checkpoint (…); …").
  const std::vector<std::string>& resume_notes() const { return resume_notes_; }
  /// Writes networks, optimizers, generators and step counters to `path` (atomically).
  void save_checkpoint(const std::string& path);
  /// Restores what save_checkpoint wrote; the run continues from the saved step.
  void load_checkpoint(const std::string& path);
  /// Saves the policy module (torch::save) to `path`.
  void save_policy(const std::string& path);

  /// Steps done so far over both phases.
  int64_t global_step() const { return global_step_; }
  /// Sends a line to the run's sinks (a `note` record in metrics.jsonl, the console).
  void note(const std::string& text);
  /// Steps of the whole run (value phase + policy phase).
  int64_t total_steps() const { return value_steps_ + config_.steps; }
  /// The phase of the next step.
  Phase phase() const;
  /// The run's config (as validated).
  const TrainConfig& config() const { return config_; }
  /// The training device.
  torch::Device device() const { return device_; }
  /// The state normalization applied to observations (identity when none).
  const StateStats& state_stats() const { return stats_; }
  /// The environment id evaluations use (may be empty).
  const std::string& env_id() const { return env_id_; }
  /// The dataset's own score references (Minari's ref_min_score / ref_max_score), if it gave them.
  const std::optional<ReferenceReturns>& score_reference() const { return score_reference_; }
  /// One line saying where the normalized score's references come from.
  std::string score_source() const;
  /// The policy learner.
  algos::PolicyAlgorithm& learner() { return *learner_; }
  /// The value learner, or null for bc / td3bc.
  std::shared_ptr<algos::ValuePretraining> critic() { return critic_; }
  /// Seconds since construction.
  double wall_time() const;

 private:
  /// Q of a batch of normalized rows: the shared critic's, else the learner's own (TD3+BC).
  BatchQ batch_q() const;
  CheckpointParts checkpoint_parts();
  void load_newest_checkpoint();
  void drain(algos::Algorithm& algo, const std::string& phase);
  void emit_eval(const EvalRecord& record);
  /// `result` as a record of the present step and wall time.
  EvalRecord record_now(const EvalResult& result) const;
  /// Reports the evaluation running in the background (config eval_background), waiting for it
  /// when `wait`; a no-op when none is pending. Rethrows its error.
  void report_background_evaluation(bool wait);
  /// True at a policy-phase step where the schedule (eval_every) evaluates: not at step 0 of the
  /// phase, nor at the run's last step, which run() evaluates.
  bool evaluation_due() const;
  /// The episodes an evaluation of `requested` runs, or nullopt (with a note, once) when the
  /// environment is unknown or `requested` is 0.
  std::optional<int64_t> evaluation_episodes_or_skip(int64_t requested);
  /// An evaluation of a still CPU copy of the present policy, runnable on any thread.
  BackgroundEvaluation::Job evaluation_job(int64_t episodes) const;
  /// The evaluation every eval_every steps: inline, or started in the background.
  void evaluate_on_schedule();
  /// True after a resume when the checkpoint's step was an evaluation step and eval.csv lacks it
  /// (the process ended while that evaluation ran in the background).
  bool evaluation_missing_at_resume();

  TrainConfig config_;
  torch::Device device_;
  std::string run_dir_;
  std::string env_id_;
  std::optional<ReferenceReturns> score_reference_;
  StateStats stats_;
  int64_t value_steps_ = 0;
  int64_t global_step_ = 0;
  std::unique_ptr<algos::BatchSampler> sampler_;
  std::shared_ptr<algos::ValuePretraining> critic_;
  std::unique_ptr<algos::PolicyAlgorithm> learner_;
  std::unique_ptr<algos::StepGraph> graph_;  ///< on CUDA with cuda_graph: the steps, captured and replayed
  std::string graph_note_;  ///< why graphs are off on CUDA, said at the first step (then cleared), or ""
  std::unique_ptr<AnalysisProbe> probe_;
  nets::Policy policy_{nullptr};
  std::vector<std::shared_ptr<MetricSink>> sinks_;
  std::chrono::steady_clock::time_point start_;
  double last_drain_time_ = 0;   ///< wall time of the previous metric record (for steps_per_s)
  int64_t last_drain_step_ = 0;
  bool eval_unavailable_ = false;
  bool cache_done_ = false;
  int64_t critic_steps_ = 0, learner_steps_ = 0;  ///< staging for checkpoints
  std::vector<std::string> resume_notes_;
  BackgroundEvaluation background_eval_;  ///< last: its destructor waits for the job in flight
};

/// Why a run on `device` asked for CUDA graphs (`cuda_graph`) cannot have them, as the note its
/// metrics.jsonl gets ("cuda_graph: off, ..."); "" when it can, or did not ask.
std::string cuda_graph_off_note(const TrainConfig& config, torch::Device device);

/// The note a run gets when its phase's step is captured at `step` (`seeds` stepped together).
std::string cuda_graph_capture_note(const std::string& learner, int64_t step, size_t seeds);

}  // namespace vaco::train
