#include "core/train/grid_runner.h"

#include <csignal>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <thread>

#include "core/util/child_process.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

enum class Slot { Pending, Running, Completed, Failed };

// "1h02m", "5m10s", "42s".
std::string duration_text(double seconds) {
  const int64_t s = int64_t(std::llround(std::max(0.0, seconds)));
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lldh%02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
  else std::snprintf(buf, sizeof buf, "%llds", (long long)s);
  return buf;
}

// The last non-empty line of a log file ("" when none).
std::string last_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    // A progress line redrawn with \r keeps only its last state.
    if (const size_t cr = line.rfind('\r'); cr != std::string::npos) line = line.substr(cr + 1);
    if (!line.empty()) last = line;
  }
  return last;
}

// The scheduler: one object per run_grid call.
class Scheduler {
 public:
  Scheduler(const std::vector<GridRun>& runs, const GridRunOptions& options, std::ostream& log)
      : runs_(runs), opt_(options), log_(log), slot_(runs.size(), Slot::Pending), pid_(runs.size(), -1),
        started_(runs.size()) {
    for (size_t i = 0; i < runs.size(); ++i) out_.total += seeds(i);
  }

  GridOutcome run() {
    int64_t resumable = 0, processes = 0;
    for (size_t i = 0; i < runs_.size(); ++i) {
      RunDirState s = RunDirState::Fresh;
      try {
        s = grid_run_state(runs_[i]);
      } catch (const Error&) {  // a batch whose seeds' folders disagree fails when it starts
      }
      if (s == RunDirState::Completed) slot_[i] = Slot::Completed, out_.skipped += seeds(i), done_ += seeds(i);
      if (s == RunDirState::Resumable) resumable += seeds(i);
      if (s != RunDirState::Completed) ++processes;
    }
    if (processes < out_.total - out_.skipped)
      log_ << "grid: seeds batched: " << (out_.total - out_.skipped) << " runs in " << processes << " processes"
           << std::endl;
    log_ << "grid: " << out_.total << " runs: " << out_.skipped << " already completed (skipped), " << resumable
         << " to resume, " << (out_.total - out_.skipped - resumable) << " to start; " << opt_.parallel
         << " at once" << std::endl;
    while (true) {
      if (opt_.stop && opt_.stop->load() && !out_.stopped) stop_children();
      if (!out_.stopped) start_ready();
      reap();
      if (running_ == 0 && (out_.stopped || !start_ready())) break;
      std::this_thread::sleep_for(std::chrono::duration<double>(opt_.poll_seconds));
    }
    for (size_t i = 0; i < runs_.size(); ++i)
      if (slot_[i] == Slot::Pending) out_.not_run += seeds(i);
    summary();
    return out_;
  }

 private:
  // Starts runs while slots are free; fails runs whose value run failed. Returns whether a run
  // was started or could still be started later.
  bool start_ready() {
    bool progress = false;
    for (size_t i = 0; i < runs_.size(); ++i) {
      if (slot_[i] != Slot::Pending) continue;
      const int v = runs_[i].value_run;
      if (v >= 0 && slot_[size_t(v)] == Slot::Failed) {
        fail(i, "its value run " + grid_run_name(runs_[size_t(v)]) + " failed");
        continue;
      }
      if (v >= 0 && slot_[size_t(v)] != Slot::Completed) {
        progress = true;  // waits for its value run
        continue;
      }
      if (running_ >= opt_.parallel) return true;
      start(i);
      progress = true;
    }
    return progress;
  }

  void start(size_t i) {
    const GridRun& r = runs_[i];
    RunDirState state = RunDirState::Fresh;
    try {
      state = grid_run_state(r);
    } catch (const Error& e) {
      return fail(i, e.what());
    }
    if (state == RunDirState::Fresh) {
      for (const std::string& d : grid_run_dirs(r))
        if (const std::string problem = RunDir(d).reset(); !problem.empty()) return fail(i, problem);
    }
    std::vector<std::string> argv{opt_.exe};
    for (const std::string& a : run_arguments(r, state)) argv.push_back(a);
    try {
      pid_[i] = spawn_logged(argv, grid_run_log(r));
    } catch (const Error& e) {
      return fail(i, e.what());
    }
    slot_[i] = Slot::Running;
    started_[i] = Clock::now();
    ++running_;
    log_ << "grid: started " << grid_run_name(r) << (state == RunDirState::Resumable ? " (resuming)" : "") << " ["
         << done_ << "/" << out_.total << " done, " << running_ << " running]" << std::endl;
  }

  void reap() {
    for (size_t i = 0; i < runs_.size(); ++i) {
      if (slot_[i] != Slot::Running) continue;
      const std::optional<ChildExit> e = poll_child(pid_[i]);
      if (!e) continue;
      --running_;
      const double seconds = std::chrono::duration<double>(Clock::now() - started_[i]).count();
      const GridRun& r = runs_[i];
      const std::string log_file = grid_run_log(r);
      if (out_.stopped && (e->code != 0 || grid_run_status(r) != "completed")) {
        slot_[i] = Slot::Failed;
        out_.interrupted += seeds(i);
        log_ << "grid: stopped " << grid_run_name(r) << " (resumes on rerun)" << std::endl;
        continue;
      }
      if (e->code != 0) {
        const std::string why = e->signal ? "killed by signal " + std::to_string(e->signal) : "exit " + std::to_string(e->code);
        const std::string line = last_line(log_file);
        fail(i, why + (line.empty() ? "" : ": " + line) + " (log: " + log_file + ")");
        continue;
      }
      const std::string status = grid_run_status(r);
      if (status != "completed") {
        fail(i, "ended with status " + status + " (log: " + log_file + ")");
        continue;
      }
      slot_[i] = Slot::Completed;
      out_.completed += seeds(i);
      done_ += seeds(i);
      seconds_ += seconds;
      ++timed_;
      log_ << "grid: finished " << grid_run_name(r) << " in " << duration_text(seconds) << " [" << done_ << "/"
           << out_.total << " done" << eta() << "]" << std::endl;
    }
  }

  // ", ETA 5m10s" from the finished processes' mean duration ("" before one finished).
  std::string eta() const {
    int64_t left = 0;
    for (Slot s : slot_) left += s == Slot::Pending || s == Slot::Running;
    if (timed_ == 0 || left <= 0) return "";
    const double lanes = double(std::min<int64_t>(opt_.parallel, left));
    return ", ETA " + duration_text(seconds_ / double(timed_) * double(left) / lanes);
  }

  // The seeds run `i` trains (a batched run's several).
  int64_t seeds(size_t i) const { return std::max<int64_t>(1, int64_t(runs_[i].batch.size())); }

  void fail(size_t i, const std::string& why) {
    slot_[i] = Slot::Failed;
    out_.failed += seeds(i);
    done_ += seeds(i);
    const std::string line = grid_run_name(runs_[i]) + ": " + why;
    out_.failures.push_back(line);
    log_ << "grid: FAILED " << line << " [" << done_ << "/" << out_.total << " done]" << std::endl;
  }

  void stop_children() {
    out_.stopped = true;
    log_ << "grid: stopping: SIGINT to " << running_ << " running run(s); they checkpoint and resume on rerun"
         << std::endl;
    for (size_t i = 0; i < runs_.size(); ++i)
      if (slot_[i] == Slot::Running) signal_child(pid_[i], SIGINT);
  }

  void summary() {
    log_ << "grid: " << out_.completed << " completed now, " << out_.skipped << " skipped (already completed), "
         << out_.failed << " failed";
    if (out_.interrupted > 0) log_ << ", " << out_.interrupted << " stopped";
    if (out_.not_run > 0) log_ << ", " << out_.not_run << " not run";
    log_ << std::endl;
  }

  const std::vector<GridRun>& runs_;
  const GridRunOptions& opt_;
  std::ostream& log_;
  std::vector<Slot> slot_;
  std::vector<int> pid_;
  std::vector<Clock::time_point> started_;
  GridOutcome out_;
  int64_t running_ = 0, done_ = 0, timed_ = 0;
  double seconds_ = 0;
};

}  // namespace

GridOutcome run_grid(const std::vector<GridRun>& runs, const GridRunOptions& options, std::ostream& log) {
  return Scheduler(runs, options, log).run();
}

}  // namespace vaco::train
