#include "core/train/grid_slurm.h"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/train/config_fields.h"
#include "core/train/run_dir.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace vaco::train {

namespace {

// The part of `s` before the first `c` (all of it without one).
std::string before(const std::string& s, char c) { return s.substr(0, s.find(c)); }

// Indices of an array-task list such as "4-6%2" or "1,3,7-8".
std::vector<int> expand_ranges(const std::string& text) {
  std::vector<int> out;
  std::stringstream parts(before(text, '%'));
  for (std::string part; std::getline(parts, part, ',');) {
    if (part.empty()) continue;
    const size_t dash = part.find('-');
    const int lo = std::stoi(part.substr(0, dash));
    const int hi = dash == std::string::npos ? lo : std::stoi(part.substr(dash + 1));
    for (int i = lo; i <= hi; ++i) out.push_back(i);
  }
  return out;
}

}  // namespace

std::string slurm_dir(const std::string& out) { return (fs::path(out) / "slurm").string(); }
std::string slurm_plan_file(const std::string& out) { return (fs::path(slurm_dir(out)) / "plan.json").string(); }
std::string slurm_script_file(const std::string& out) { return (fs::path(slurm_dir(out)) / "grid.sbatch").string(); }
std::string slurm_jobs_file(const std::string& out) { return (fs::path(slurm_dir(out)) / "jobs").string(); }

void write_plan_file(const std::vector<GridRun>& runs, const std::string& path) {
  nlohmann::json list = nlohmann::json::array();
  for (const GridRun& r : runs)
    list.push_back({{"dataset", r.dataset}, {"stem", r.stem}, {"label", r.label}, {"algo", r.algo},
                    {"seed", r.seed}, {"dir", r.dir}, {"args", r.args}, {"value_run", r.value_run}});
  write_json_file({{"runs", list}}, path);
}

std::vector<GridRun> read_plan_file(const std::string& path) {
  const nlohmann::json j = read_json_file(path);
  std::vector<GridRun> runs;
  try {
    for (const nlohmann::json& r : j.at("runs"))
      runs.push_back(GridRun{.dataset = r.at("dataset").get<std::string>(),
                             .stem = r.at("stem").get<std::string>(),
                             .label = r.at("label").get<std::string>(),
                             .algo = r.at("algo").get<std::string>(),
                             .seed = r.at("seed").get<uint64_t>(),
                             .dir = r.at("dir").get<std::string>(),
                             .args = r.at("args").get<std::vector<std::string>>(),
                             .value_run = r.at("value_run").get<int>()});
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a grid plan (" + e.what() + ")");
  }
  for (const GridRun& r : runs)
    if (r.value_run >= int(runs.size()) || r.args.empty()) throw Error(path + ": not a grid plan (bad run " + r.dir + ")");
  return runs;
}

std::string array_ranges(const std::vector<int>& indices) {
  std::string out;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + std::to_string(indices[i]) + (j > i ? "-" + std::to_string(indices[j]) : "");
    i = j + 1;
  }
  return out;
}

std::string sbatch_script(const SlurmOptions& o, int64_t threads, const std::string& job_name, const std::string& exe,
                          const std::string& out) {
  for (const std::string* s : {&out, &exe, &job_name})
    if (s->find_first_of(" \t\n\r'\"\\$`") != std::string::npos)
      throw Error("--slurm: '" + *s + "' holds white space or quotes, which a #SBATCH line cannot carry");
  std::string s = "#!/bin/bash\n"
                  "# A `vaco grid` on Slurm, written by `vaco grid run --slurm`: array task i is run i of\n"
                  "# " + slurm_plan_file(out) + ". A task skips a completed run, resumes one that has a checkpoint\n"
                  "# and starts the rest afresh. SIGINT 120 s before the time limit makes the run checkpoint.\n"
                  "#SBATCH --job-name=" + job_name + "\n"
                  "#SBATCH --output=" + slurm_dir(out) + "/%x-%A_%a.out\n"
                  "#SBATCH --open-mode=append\n"
                  "#SBATCH --cpus-per-task=" + std::to_string(o.cpus_per_task > 0 ? o.cpus_per_task : threads) + "\n";
  if (o.gpus_per_task > 0) s += "#SBATCH --gpus-per-task=" + std::to_string(o.gpus_per_task) + "\n";
  if (!o.partition.empty()) s += "#SBATCH --partition=" + o.partition + "\n";
  if (!o.account.empty()) s += "#SBATCH --account=" + o.account + "\n";
  if (!o.time.empty()) s += "#SBATCH --time=" + o.time + "\n";
  if (!o.mem.empty()) s += "#SBATCH --mem=" + o.mem + "\n";
  for (const std::string& e : o.extra) s += "#SBATCH " + e + "\n";
  s += "#SBATCH --requeue\n"
       "#SBATCH --signal=B:INT@120\n"
       "exec " + exe + " grid task " + slurm_plan_file(out) + " \"$SLURM_ARRAY_TASK_ID\"\n";
  return s;
}

std::map<int, std::string> parse_sacct(const std::string& text) {
  std::map<int, std::string> states;
  std::stringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t bar = line.find('|');
    if (bar == std::string::npos) continue;
    const std::string id = line.substr(0, bar);
    const std::string state = before(before(line.substr(bar + 1), '|'), ' ');  // "CANCELLED by 0"
    const size_t under = id.find('_');
    if (under == std::string::npos || id.find('.') != std::string::npos || state.empty()) continue;
    std::string tasks = id.substr(under + 1);
    if (!tasks.empty() && tasks.front() == '[') tasks = before(tasks.substr(1), ']');
    try {
      for (int i : expand_ranges(tasks)) states[i] = state;
    } catch (const std::exception&) {
      // not an array task id: skipped
    }
  }
  return states;
}

const char* task_status_name(TaskStatus s) {
  switch (s) {
    case TaskStatus::Done: return "done";
    case TaskStatus::Running: return "running";
    case TaskStatus::Pending: return "pending";
    case TaskStatus::Failed: return "failed";
    case TaskStatus::Stopped: return "stopped";
    case TaskStatus::Started: return "started";
    case TaskStatus::NotStarted: return "not started";
  }
  return "?";
}

TaskStatus task_status(const GridRun& run, const std::string& slurm_state, bool cluster_asked) {
  const RunDir dir(run.dir);
  const std::string finished = dir.finished_status();
  if (finished == "completed") return TaskStatus::Done;
  const bool resumable = dir.has_checkpoint();
  if (!slurm_state.empty()) {
    for (const char* s : {"PENDING", "REQUEUED", "REQUEUE_HOLD", "CONFIGURING", "RESIZING"})
      if (slurm_state == s) return TaskStatus::Pending;
    for (const char* s : {"RUNNING", "COMPLETING", "SUSPENDED"})
      if (slurm_state == s) return TaskStatus::Running;
    return resumable ? TaskStatus::Stopped : TaskStatus::Failed;
  }
  if (!dir.has_metrics()) return TaskStatus::NotStarted;
  std::error_code ec;
  const auto written = fs::last_write_time(dir.metrics_jsonl(), ec);
  if (!cluster_asked && !ec && fs::file_time_type::clock::now() - written < std::chrono::seconds(120))
    return TaskStatus::Running;
  if (finished == "failed") return TaskStatus::Failed;
  if (finished == "interrupted" || resumable) return TaskStatus::Stopped;
  return TaskStatus::Started;
}

}  // namespace vaco::train
