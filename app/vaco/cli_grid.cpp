// `vaco grid run SPEC [--out DIR] [--parallel N] [--batch-seeds] [--dry-run] [--slurm ...]`: a grid of `vaco train`
// runs (datasets x algorithms x seeds) from a JSON spec, as child processes or Slurm job arrays;
// rerunning skips completed runs and resumes checkpointed ones; --datasets, --algorithms and --seeds
// narrow the spec to a part of its grid (run, status and report). `vaco grid status`: each run's state. `vaco grid report SPEC|DIR [--out DIR] [--out-prefix P] [--wide]`: the
// table of final and best scores, ESS and per-trajectory r, and the paper's datasets x algorithms
// layout, as text, report.md, report.csv and report.png.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <tuple>

#include "app/vaco/commands.h"
#include "app/vaco/grid_slurm_cli.h"
#include "app/vaco/stop_signal.h"
#include "core/train/grid_plan.h"
#include "core/train/grid_report_format.h"
#include "core/train/grid_runner.h"
#include "core/train/grid_slurm.h"
#include "core/util/error.h"
#include "core/util/file_lock.h"
#include "core/util/shell_quote.h"
#ifdef VACO_WITH_GUI
#include "ui/plots/grid_report_plot.h"
#endif

namespace vaco::cli {
namespace {

namespace fs = std::filesystem;

struct GridArgs {
  std::string spec, out, out_prefix;
  std::optional<int64_t> parallel;
  bool dry_run = false;
  bool batch_seeds = false;
  bool wide = false;
  bool slurm = false;
  std::map<std::string, std::string> slurm_flags;  ///< spec "slurm" key -> flag value
  train::GridSubset subset;                         ///< --datasets, --algorithms, --seeds
};

// The flags that narrow a spec to a part of its grid.
void add_subset_options(CLI::App* cmd, train::GridSubset& subset) {
  cmd->add_option("--datasets", subset.datasets,
                  "Only these datasets of the spec, by folder name (file name without extension), comma-separated")
      ->delimiter(',');
  cmd->add_option("--algorithms", subset.labels, "Only these algorithms of the spec, by label, comma-separated")
      ->delimiter(',');
  cmd->add_option("--seeds", subset.seeds, "Only these seeds of the spec, comma-separated")->delimiter(',');
}

// The spec of `a`, narrowed to its --datasets, --algorithms and --seeds.
train::GridSpec subset_spec(const GridArgs& a) { return train::load_grid_spec(a.spec, a.subset); }

// Refuses --datasets, --algorithms and --seeds with a grid folder instead of a spec.
void require_spec_for_subset(const GridArgs& a) {
  if (!a.subset.datasets.empty() || !a.subset.labels.empty() || !a.subset.seeds.empty())
    throw UsageError("--datasets, --algorithms and --seeds need a grid spec, not a folder");
}

// The grid folder: --out, else the spec's "out".
std::string grid_out(const train::GridSpec& spec, const std::string& flag) {
  if (!flag.empty()) return fs::absolute(flag).lexically_normal().string();
  if (spec.out.empty()) throw UsageError("grid spec " + spec.source + " has no \"out\"; pass --out DIR");
  return fs::absolute(spec.out).lexically_normal().string();
}

// The command lines the grid would run now, one per run (completed runs as a comment).
void print_dry_run(const std::vector<train::GridRun>& runs, const std::string& exe) {
  for (const train::GridRun& r : runs) {
    const train::RunDirState state = train::grid_run_state(r);
    if (state == train::RunDirState::Completed) {
      std::cout << "# completed, skipped: " << r.dir << "\n";
      continue;
    }
    std::string line = shell_quote(exe);
    for (const std::string& a : train::run_arguments(r, state)) line += " " + shell_quote(a);
    if (r.value_run >= 0) line += "   # after " + train::grid_run_name(runs[size_t(r.value_run)]);
    std::cout << line << "\n";
  }
}

void run_grid_command(const GridArgs& a) {
  const train::GridSpec spec = subset_spec(a);
  const std::string out = grid_out(spec, a.out);
  std::vector<train::GridRun> runs = train::plan_grid(spec, out);
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  const bool batch = a.batch_seeds || spec.batch_seeds;
  if (batch && !a.slurm) runs = train::batch_grid_seeds(runs);
  if (batch && a.slurm) std::cout << "grid: note: batch_seeds: each Slurm array task trains one seed\n";
  if (a.slurm) {
    train::SlurmOptions options = spec.slurm;
    for (const auto& [key, value] : a.slurm_flags) {
      try {
        train::set_slurm_option(options, key, value);
      } catch (const Error& e) {
        std::string m = e.what();  // "cpus_per_task: ..." names the flag --cpus-per-task
        std::replace(m.begin(), m.begin() + std::ptrdiff_t(m.find(':')), '_', '-');
        throw UsageError("--" + m);
      }
    }
    return submit_grid_to_slurm(spec, out, runs, exe, options, a.dry_run);
  }
  if (a.dry_run) return print_dry_run(runs, exe);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw Error(out + ": cannot create the grid folder (" + ec.message() + ")");
  // One grid run per folder at a time; the runs inherit the lock, so a killed grid's runs that
  // are still checkpointing hold off a rerun until they have ended.
  FileLock lock((fs::path(out) / ".grid.lock").string());
  if (!lock.held()) {
    std::cout << "grid: waiting: " << out << " is in use by another `vaco grid run` or its runs" << std::endl;
    lock.wait();
  }
  StopSignal stop;
  const train::GridOutcome o = train::run_grid(
      runs, train::GridRunOptions{.exe = exe, .parallel = a.parallel.value_or(spec.parallel), .stop = stop.flag()},
      std::cout);
  if (!o.ok()) {
    for (const std::string& f : o.failures) std::cerr << "vaco: error: " << f << "\n";
    if (o.stopped) std::cerr << "vaco: error: grid stopped; run the same command again to resume\n";
    exit_status() = 1;
  } else {
    std::cout << "report: vaco grid report " << shell_quote(a.spec) << "\n";
  }
}

// Writes `text` to `path`; throws vaco::Error when it cannot.
void write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  if (!f) throw Error(path + ": cannot write the file");
}

void status_command(const GridArgs& a) {
  std::error_code ec;
  if (fs::is_directory(a.spec, ec)) {
    require_spec_for_subset(a);
    const std::string plan = train::slurm_plan_file(a.spec);
    if (!fs::exists(plan, ec)) throw Error(a.spec + ": no slurm/plan.json (not submitted with --slurm; pass the grid spec)");
    return print_grid_status(train::read_plan_file(plan), a.spec);
  }
  const train::GridSpec spec = subset_spec(a);
  const std::string out = grid_out(spec, a.out);
  print_grid_status(train::plan_grid(spec, out), out);
}

void report_command(const GridArgs& a) {
  std::vector<train::GridCell> cells;
  std::string dir;
  std::error_code ec;
  if (fs::is_directory(a.spec, ec)) {
    require_spec_for_subset(a);
    dir = a.spec;
    cells = train::grid_cells_from_dir(dir);
  } else {
    const train::GridSpec spec = subset_spec(a);
    dir = grid_out(spec, a.out);
    cells = train::grid_cells(spec, dir);
  }
  const train::GridReport report = train::make_grid_report(cells);
  std::cout << (a.wide ? train::grid_report_wide_text(report) : train::grid_report_text(report));
  const std::string prefix = a.out_prefix.empty() ? (fs::path(dir) / "report").string() : a.out_prefix;
  write_text(prefix + ".md", train::grid_report_markdown(report) + "\n## By dataset\n\n" +
                                 train::grid_report_wide_markdown(report));
  write_text(prefix + ".csv", train::grid_report_csv(report));
  std::cout << "wrote " << prefix << ".md, " << prefix << ".csv";
#ifdef VACO_WITH_GUI
  std::string problem;
  if (!ui::saveGridReportPng(report, prefix + ".png", &problem)) throw Error(prefix + ".png: " + problem);
  std::cout << ", " << prefix << ".png\n";
#else
  std::cout << "\nno " << prefix << ".png: the chart needs the GUI build (VACO_BUILD_GUI=ON)\n";
#endif
}

}  // namespace

void add_grid_commands(CLI::App& app) {
  auto* grid = app.add_subcommand("grid", "Run a grid of training runs (datasets x algorithms x seeds) and report it");
  grid->require_subcommand(1);

  auto r = std::make_shared<GridArgs>();
  auto* run = grid->add_subcommand(
      "run", "Run a grid spec's `vaco train` runs; completed runs are skipped, checkpointed ones resumed");
  run->add_option("SPEC", r->spec, "Grid spec (JSON)")->required();
  run->add_option("--out", r->out, "Grid folder (default: the spec's \"out\", relative to the spec's folder)");
  run->add_option("--parallel", r->parallel, "Runs at once (default: the spec's \"parallel\", 1)")
      ->check(CLI::PositiveNumber);
  add_subset_options(run, r->subset);
  run->add_flag("--dry-run", r->dry_run, "Print the command lines (with --slurm: the script and sbatch lines) instead of running them");
  run->add_flag("--batch-seeds", r->batch_seeds,
                "Train the seeds of each dataset x algorithm together in one process (`vaco train --seeds`; "
                "spec: \"batch_seeds\")");
  run->add_flag("--slurm", r->slurm,
                "Submit the runs to Slurm as job arrays (sbatch) instead of running them here; see `vaco grid status`");
  for (const auto& [flag, key, what] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--partition", "partition", "Slurm partition of each task (spec: slurm.partition)"},
           {"--account", "account", "Slurm account (spec: slurm.account)"},
           {"--time", "time", "time limit of each task, e.g. 04:00:00 (spec: slurm.time)"},
           {"--mem", "mem", "memory of each task, e.g. 8G (spec: slurm.mem)"},
           {"--cpus-per-task", "cpus_per_task", "CPUs of each task (default: the spec's threads)"},
           {"--gpus-per-task", "gpus_per_task", "GPUs of each task (spec: slurm.gpus_per_task)"}}) {
    run->add_option_function<std::string>(
        flag, [r, key = key](const std::string& v) { r->slurm_flags[key] = v; }, what + " (with --slurm)");
  }
  run->callback([r] { run_grid_command(*r); });

  auto p = std::make_shared<GridArgs>();
  auto* report = grid->add_subcommand(
      "report", "Summarize a grid: final and best normalized score (mean +- std over seeds), ESS, trajectory r");
  report->add_option("SPEC_OR_DIR", p->spec, "Grid spec (JSON) or grid folder")->required();
  report->add_option("--out", p->out, "With a spec: its grid folder (default: the spec's \"out\")");
  report->add_option("--out-prefix", p->out_prefix,
                     "Write PREFIX.md, PREFIX.csv and PREFIX.png (default: <grid folder>/report)");
  add_subset_options(report, p->subset);
  report->add_flag("--wide", p->wide,
                   "Print the paper's layout: one row per dataset, one column per algorithm, the final score");
  report->callback([p] { report_command(*p); });

  auto st = std::make_shared<GridArgs>();
  auto* status = grid->add_subcommand(
      "status", "Each run's state: done, running, pending, failed, stopped, started or not started (Slurm grids: with sacct)");
  status->add_option("SPEC_OR_DIR", st->spec, "Grid spec (JSON), or a grid folder submitted with --slurm")->required();
  status->add_option("--out", st->out, "With a spec: its grid folder (default: the spec's \"out\")");
  add_subset_options(status, st->subset);
  status->callback([st] { status_command(*st); });

  auto task_plan = std::make_shared<std::string>();
  auto task_index = std::make_shared<int>(-1);
  auto* task = grid->add_subcommand("task", "Run one run of a Slurm grid's plan (what each array task runs)");
  task->group("");  // for the sbatch script, not for users
  task->add_option("PLAN", *task_plan, "<grid folder>/slurm/plan.json")->required();
  task->add_option("INDEX", *task_index, "the run's index ($SLURM_ARRAY_TASK_ID)")->required();
  task->callback([task_plan, task_index] { run_grid_task(*task_plan, *task_index); });
}

}  // namespace vaco::cli
