// Writes each analysis snapshot of a run to <run dir>/snapshots/step-<step>.json (atomically).
#pragma once
#include <string>

#include "core/train/metric_sink.h"

namespace vaco::train {

/// The run directory's snapshot writer.
class SnapshotSink : public MetricSink {
 public:
  /// Creates `dir` when missing; throws vaco::Error when it cannot.
  explicit SnapshotSink(const std::string& dir);
  void on_record(const MetricRecord&) override {}
  /// Writes the snapshot as JSON (temporary file, then a rename).
  void on_snapshot(const analysis::AnalysisSnapshot& snapshot) override;
  /// The file a snapshot of `step` goes to.
  std::string path_for(int64_t step) const;

 private:
  std::string dir_;
};

}  // namespace vaco::train
