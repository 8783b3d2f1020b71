// A MetricSink that appends one JSON object per line to a file (the run dir's metrics.jsonl).
#pragma once
#include <fstream>
#include <string>

#include "core/train/metric_sink.h"

namespace vaco::train {

/// Lines: {"type":"metrics"|"eval"|"note"|"finished", "step", "wall_time", ...}; flushed per line.
/// Non-finite values are written as null.
class JsonlSink : public MetricSink {
 public:
  /// Opens (appends to) `path`; throws vaco::Error when it cannot be opened.
  explicit JsonlSink(const std::string& path);
  void on_record(const MetricRecord& record) override;
  void on_eval(const EvalRecord& record) override;
  void on_note(const std::string& note) override;
  void on_finished(RunStatus status, const std::string& message) override;

 private:
  std::ofstream out_;
  std::string path_;
};

}  // namespace vaco::train
