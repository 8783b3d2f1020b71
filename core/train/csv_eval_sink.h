// A MetricSink that writes the evaluations as CSV (the run dir's eval.csv).
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "core/train/metric_sink.h"

namespace vaco::train {

/// Header `step,wall_time,return_mean,return_std,score_mean,score_std,episodes`, then one line
/// per evaluation, flushed as written. Appends to an existing file without a second header.
class CsvEvalSink : public MetricSink {
 public:
  /// Opens (appends to) `path`; writes the header when the file is new or empty; throws
  /// vaco::Error when it cannot be opened.
  explicit CsvEvalSink(const std::string& path);
  ~CsvEvalSink() override;
  CsvEvalSink(const CsvEvalSink&) = delete;
  CsvEvalSink& operator=(const CsvEvalSink&) = delete;
  /// Metrics records are not part of eval.csv.
  void on_record(const MetricRecord& record) override { (void)record; }
  void on_eval(const EvalRecord& record) override;

 private:
  std::FILE* out_ = nullptr;
  std::string path_;
};

/// The header line of eval.csv (without the newline).
const char* eval_csv_header();

/// The evaluations of an eval.csv (or a SAC run's progress.csv), in step order; where a resumed
/// run evaluated a step twice, the later line wins. Throws vaco::Error naming the file and line
/// when it cannot be read or a line does not parse.
std::vector<EvalLine> read_eval_csv(const std::string& path);

}  // namespace vaco::train
