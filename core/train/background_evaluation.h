// One evaluation at a time on its own thread, so that training goes on while MuJoCo steps the
// episodes; the finished result is handed back to the training thread, which reports it.
#pragma once
#include <functional>
#include <future>
#include <optional>

#include "core/train/metric_sink.h"

namespace vaco::train {

/// Runs evaluation jobs off the training thread, one at a time, and keeps the step and wall time
/// each was taken at. Use it from one thread (the trainer's); the job must own what it reads.
class BackgroundEvaluation {
 public:
  /// Measures a still copy of the policy (built before start(); it must not refer to live state).
  using Job = std::function<EvalResult()>;

  BackgroundEvaluation() = default;
  BackgroundEvaluation(const BackgroundEvaluation&) = delete;
  BackgroundEvaluation& operator=(const BackgroundEvaluation&) = delete;
  /// Waits for a job still running; its result and any error are dropped.
  ~BackgroundEvaluation();

  /// Starts `job` for the policy of `step`, taken at `wall_time`. Throws vaco::Error when a job is
  /// still running or its result has not been taken (call wait() first).
  void start(int64_t step, double wall_time, Job job);
  /// The finished job's record, without blocking: nullopt while it runs or when none was started.
  /// Rethrows the job's error.
  std::optional<EvalRecord> take_finished();
  /// Blocks until the job ends and returns its record (nullopt when none was started). Rethrows
  /// the job's error.
  std::optional<EvalRecord> wait();
  /// True from start() until its record has been taken.
  bool pending() const { return result_.valid(); }
  /// The step of the pending evaluation (meaningful while pending()).
  int64_t pending_step() const { return step_; }

 private:
  std::future<EvalResult> result_;
  int64_t step_ = 0;
  double wall_time_ = 0;
};

}  // namespace vaco::train
