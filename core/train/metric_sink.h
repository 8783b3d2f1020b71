// What a Trainer reports while it runs; the CLI writes files from it, the GUI plots it.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/analysis/snapshot.h"
#include "core/train/evaluator.h"
#include "core/train/metric_record.h"

namespace vaco::train {

/// One evaluation of the current policy.
struct EvalRecord {
  int64_t step = 0;
  double wall_time = 0;
  EvalResult result;
};

/// How a run ended.
enum class RunStatus { Completed, Interrupted, Failed };

/// How a run() ended.
struct RunResult {
  RunStatus status = RunStatus::Completed;
  std::string message;                  ///< why it failed (empty otherwise)
  std::optional<EvalResult> last_eval;  ///< the final evaluation, when there was one
};

/// "completed", "interrupted" or "failed".
std::string to_string(RunStatus status);

/// Throws vaco::Error naming the first non-finite value of `record` (losses before the rest,
/// so the cause is named before what follows from it), its step and its phase.
void throw_if_non_finite(const MetricRecord& record);

/// Receives a run's records, in order, on the training thread.
class MetricSink {
 public:
  virtual ~MetricSink() = default;
  /// A batch of drained metrics.
  virtual void on_record(const MetricRecord& record) = 0;
  /// An evaluation result.
  virtual void on_eval(const EvalRecord& record) { (void)record; }
  /// An analysis snapshot (probe-set weights and Q, per-trajectory mean weights).
  virtual void on_snapshot(const analysis::AnalysisSnapshot& snapshot) { (void)snapshot; }
  /// A one-line note (e.g. evaluation skipped because the environment is unknown).
  virtual void on_note(const std::string& note) { (void)note; }
  /// The run ended; `message` explains a failure (empty otherwise).
  virtual void on_finished(RunStatus status, const std::string& message) {
    (void)status;
    (void)message;
  }
};

}  // namespace vaco::train
