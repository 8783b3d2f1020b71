// `vaco grid run SPEC --slurm`, `vaco grid task PLAN INDEX` and `vaco grid status SPEC|DIR`.
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/vaco/grid_slurm_cli.h"
#include "core/train/grid_runner.h"
#include "core/train/grid_slurm.h"
#include "core/train/run_dir.h"
#include "core/util/child_process.h"
#include "core/util/error.h"
#include "core/util/shell_quote.h"

namespace vaco::cli {
namespace {

namespace fs = std::filesystem;

// The path of `program` in a folder of $PATH ("" when none has it).
std::string on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path p = fs::path(dir.empty() ? "." : dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

// A command line's exit status and its output (stdout and stderr).
struct Captured {
  int status = -1;
  std::string output;
};

Captured capture(const std::string& line) {
  Captured c;
  FILE* pipe = ::popen((line + " 2>&1").c_str(), "r");
  if (!pipe) throw Error("cannot run: " + line);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) c.output.append(buf, n);
  const int status = ::pclose(pipe);
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return c;
}

// The last non-empty line of `text`.
std::string last_line(const std::string& text) {
  std::stringstream lines(text);
  std::string last;
  for (std::string l; std::getline(lines, l);)
    if (!l.empty()) last = l;
  return last;
}

// "vaco-<spec file stem>" with only the characters a job name keeps.
std::string job_name(const std::string& spec_source) {
  std::string name = "vaco-" + fs::path(spec_source).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return name;
}

}  // namespace

void submit_grid_to_slurm(const train::GridSpec& spec, const std::string& out, const std::vector<train::GridRun>& runs,
                          const std::string& exe, const train::SlurmOptions& options, bool dry_run) {
  const std::string sbatch = on_path("sbatch");
  if (sbatch.empty() && !dry_run)
    throw Error("--slurm: no sbatch on the PATH (submit from a Slurm login node, or run the grid here without --slurm)");
  const std::string script = train::sbatch_script(options, spec.threads, job_name(spec.source), exe, out);
  std::vector<int> value_runs, other_runs;
  for (size_t i = 0; i < runs.size(); ++i)
    if (train::RunDir(runs[i].dir).state() != train::RunDirState::Completed)
      (runs[i].label == train::kGridValueLabel ? value_runs : other_runs).push_back(int(i));
  const std::string script_file = train::slurm_script_file(out);
  if (dry_run) {
    std::cout << "# " << script_file << "\n" << script;
  } else {
    train::RunDir(train::slurm_dir(out)).create();
    train::write_plan_file(runs, train::slurm_plan_file(out));
    std::ofstream f(script_file);
    f << script;
    if (!f) throw Error(script_file + ": cannot write the file");
  }
  if (value_runs.empty() && other_runs.empty()) {
    std::cout << "grid: all " << runs.size() << " runs completed; nothing to submit\n";
    return;
  }
  std::string value_job;
  for (const std::vector<int>* group : {&value_runs, &other_runs}) {
    if (group->empty()) continue;
    std::string line = shell_quote(sbatch.empty() ? "sbatch" : sbatch) + " --parsable --array=" + train::array_ranges(*group);
    if (group == &other_runs && !value_runs.empty())
      line += " --dependency=afterok:" + (dry_run ? std::string("<value job>") : value_job);
    line += " " + shell_quote(script_file);
    if (dry_run) {
      std::cout << line << "\n";
      continue;
    }
    const Captured c = capture(line);
    const std::string answer = last_line(c.output);  // "<job id>" or "<job id>;<cluster>"
    const std::string id = answer.substr(0, answer.find(';'));
    if (c.status != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
      throw Error("sbatch failed (exit " + std::to_string(c.status) + "): " + answer);
    std::ofstream(train::slurm_jobs_file(out), std::ios::app) << id << "\n";
    std::cout << "grid: submitted job " << id << ": " << group->size() << " run(s), array "
              << train::array_ranges(*group)
              << (group == &value_runs ? " (the shared value runs)" : value_runs.empty() ? "" : " (after job " + value_job + ")")
              << "\n";
    if (group == &value_runs) value_job = id;
  }
  if (!dry_run) std::cout << "status: vaco grid status " << shell_quote(out) << "\n";
}

void run_grid_task(const std::string& plan, int index) {
  const std::vector<train::GridRun> runs = train::read_plan_file(plan);
  if (index < 0 || index >= int(runs.size()))
    throw Error(plan + ": no run " + std::to_string(index) + " (the plan has " + std::to_string(runs.size()) + ")");
  const train::GridRun& r = runs[size_t(index)];
  const std::string name = "task " + std::to_string(index) + ": " + train::grid_run_name(r);
  if (r.value_run >= 0) {
    const train::GridRun& v = runs[size_t(r.value_run)];
    if (train::RunDir(v.dir).state() != train::RunDirState::Completed)
      throw Error(name + ": its value run " + train::grid_run_name(v) + " has not completed");
  }
  const train::RunDir dir(r.dir);
  const train::RunDirState state = dir.state();
  if (state == train::RunDirState::Completed) {
    std::cout << name << ": completed, skipped\n";
    return;
  }
  if (state == train::RunDirState::Fresh)
    if (const std::string problem = dir.reset(); !problem.empty()) throw Error(problem);
  std::vector<std::string> argv{fs::read_symlink("/proc/self/exe").string()};
  for (const std::string& a : train::run_arguments(r, state)) argv.push_back(a);
  std::cout << name << ": " << (state == train::RunDirState::Resumable ? "resuming" : "starting") << " (log: "
            << dir.train_log() << ")" << std::endl;
  exec_logged(argv, dir.train_log());
}

void print_grid_status(const std::vector<train::GridRun>& runs, const std::string& out) {
  std::map<int, std::string> states;
  bool cluster_asked = false;  // sacct or squeue answered
  std::string source = "the run folders";
  std::ifstream jobs_file(train::slurm_jobs_file(out));
  std::string ids;
  for (std::string id; std::getline(jobs_file, id);)
    if (!id.empty()) ids += (ids.empty() ? "" : ",") + id;
  if (!ids.empty()) {
    // sacct knows every task; without accounting, squeue knows the pending and running ones.
    const std::string sacct = on_path("sacct"), squeue = on_path("squeue");
    const Captured c = sacct.empty() ? Captured{}
                                     : capture(shell_quote(sacct) + " --parsable2 --noheader --format=JobID,State -j " + ids);
    if (c.status == 0) {
      states = train::parse_sacct(c.output);
      cluster_asked = true;
      source = "sacct (jobs " + ids + ") and the run folders";
    } else if (const Captured q = squeue.empty() ? Captured{} : capture(shell_quote(squeue) + " --noheader --array --format='%i|%T' --jobs=" + ids);
               q.status == 0) {
      states = train::parse_sacct(q.output);
      cluster_asked = true;
      source = "squeue (jobs " + ids + ") and the run folders";
    } else {
      source += sacct.empty() && squeue.empty() ? " (no sacct or squeue on the PATH for jobs " + ids + ")"
                                                : " (sacct and squeue failed for jobs " + ids + ")";
    }
  }
  std::map<train::TaskStatus, int> counts;
  size_t width = 0;
  for (const train::GridRun& r : runs) width = std::max(width, train::grid_run_name(r).size());
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto it = states.find(int(i));
    const train::TaskStatus s = train::task_status(runs[i], it == states.end() ? "" : it->second, cluster_asked);
    ++counts[s];
    const std::string name = train::grid_run_name(runs[i]);
    std::cout << name << std::string(width - name.size() + 2, ' ') << train::task_status_name(s)
              << (it == states.end() ? "" : "  (" + it->second + ")") << "\n";
  }
  std::cout << "grid: " << runs.size() << " runs:";
  bool first = true;
  for (const auto& [s, n] : counts) {
    std::cout << (first ? " " : ", ") << n << " " << train::task_status_name(s);
    first = false;
  }
  std::cout << "; from " << source << "\n";
}

}  // namespace vaco::cli
