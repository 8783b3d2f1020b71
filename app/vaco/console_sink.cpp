#include "app/vaco/console_sink.h"

#include <unistd.h>

#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace vaco::cli {
namespace {

// "1h02m", "3m05s" or "12s".
std::string duration_text(double seconds) {
  const int64_t s = int64_t(seconds + 0.5);
  std::ostringstream o;
  if (s >= 3600) o << s / 3600 << "h" << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
  else if (s >= 60) o << s / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
  else o << s << "s";
  return o.str();
}

// The few metrics worth a glance, in a fixed order.
std::string headline(const std::map<std::string, double>& v) {
  std::ostringstream o;
  o << std::setprecision(4);
  for (const char* k : {"episode_return", "q_loss", "v_loss", "policy_loss", "outer_loss", "ess", "alpha"}) {
    if (auto it = v.find(k); it != v.end()) o << "  " << k << " " << it->second;
  }
  return o.str();
}

}  // namespace

bool stdout_is_tty() { return isatty(fileno(stdout)) != 0; }

ConsoleSink::ConsoleSink(std::ostream& out, int64_t total_steps, bool tty, std::string label, bool records)
    : out_(out), total_(total_steps), tty_(tty), prefix_(label.empty() ? "" : label + ": "), records_(records) {}

void ConsoleSink::end_line() {
  if (open_line_) out_ << "\n";
  open_line_ = false;
}

void ConsoleSink::on_record(const train::MetricRecord& r) {
  if (!records_) return;
  const auto measured = r.values.find("steps_per_s");
  const double rate = measured != r.values.end() ? measured->second : 0.0;
  std::ostringstream line;
  line << prefix_ << "[" << r.phase << "] step " << r.step << "/" << total_ << "  " << std::fixed << std::setprecision(1) << rate
       << " steps/s";
  if (rate > 0) line << "  ETA " << duration_text(double(total_ - r.step) / rate);
  line << std::defaultfloat << headline(r.values);
  if (tty_) {
    out_ << "\r\033[K" << line.str() << std::flush;
    open_line_ = true;
  } else {
    out_ << line.str() << "\n" << std::flush;
  }
}

void ConsoleSink::on_eval(const train::EvalRecord& r) {
  end_line();
  out_ << prefix_ << std::fixed << std::setprecision(2) << "eval at step " << r.step << ": return " << r.result.return_mean
       << " +- " << r.result.return_std << ", normalized score " << r.result.score_mean << " +- "
       << r.result.score_std << " (" << r.result.episodes << " episodes)" << std::defaultfloat << "\n"
       << std::flush;
}

void ConsoleSink::on_note(const std::string& note) {
  end_line();
  out_ << prefix_ << "note: " << note << "\n" << std::flush;
}

void ConsoleSink::on_finished(train::RunStatus status, const std::string& message) {
  end_line();
  out_ << prefix_ << "run " << train::to_string(status) << (message.empty() ? "" : ": " + message) << "\n" << std::flush;
}

}  // namespace vaco::cli
