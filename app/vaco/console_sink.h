// Progress of a training run on the terminal: one rewritten line on a TTY (steps/s as the runner
// measured it since its previous record, ETA), plain lines otherwise.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>

#include "core/train/metric_sink.h"

namespace vaco::cli {

/// Prints records, evaluations and notes to `out`.
class ConsoleSink : public train::MetricSink {
 public:
  /// `total_steps` sizes the ETA; `tty` chooses the rewritten progress line. A non-empty `label`
  /// ("seed 1") starts every line; `records` false prints evaluations, notes and the end only (the
  /// other seeds of a batched run).
  ConsoleSink(std::ostream& out, int64_t total_steps, bool tty, std::string label = "", bool records = true);
  void on_record(const train::MetricRecord& record) override;
  void on_eval(const train::EvalRecord& record) override;
  void on_note(const std::string& note) override;
  void on_finished(train::RunStatus status, const std::string& message) override;

 private:
  void end_line();
  std::ostream& out_;
  int64_t total_;
  bool tty_;
  std::string prefix_;
  bool records_;
  bool open_line_ = false;
};

/// True when stdout is a terminal.
bool stdout_is_tty();

}  // namespace vaco::cli
