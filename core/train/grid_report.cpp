#include "core/train/grid_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/analysis/snapshot_json.h"
#include "core/train/csv_eval_sink.h"
#include "core/train/run_dir.h"
#include "core/train/run_history.h"
#include "core/train/step_files.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The sub-folders of `dir`, sorted by name.
std::vector<fs::path> subfolders(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec)) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

// The per-trajectory Pearson r of the newest snapshots/step-*.json (NaN without one).
double newest_trajectory_pearson(const fs::path& run_dir) {
  const std::vector<std::string> files = list_step_files(RunDir(run_dir.string()).snapshots(), ".json");
  return files.empty() ? kNaN : analysis::load_snapshot(files.front()).pearson_trajectory;
}

// "ess" of the last policy-phase metrics record that has it (NaN without one).
double last_policy_ess(const RunHistory& h) {
  for (auto it = h.metrics.rbegin(); it != h.metrics.rend(); ++it) {
    if (it->phase != "policy") continue;
    const auto v = it->values.find("ess");
    if (v != it->values.end()) return v->second;
  }
  return kNaN;
}

// The values of one cell's finished seeds.
struct SeedValues {
  std::vector<double> final_score, best_score, evals_score, ess, pearson;
};

// Adds one run folder's values when its run completed; returns whether it did.
bool add_run(const fs::path& dir, SeedValues& v, std::string& algo) {
  const RunDir run(dir.string());
  if (!run.has_metrics()) return false;
  const RunHistory h = read_run_history(dir.string());
  if (h.status != "completed") return false;
  if (algo.empty()) algo = h.algo;
  std::error_code ec;
  if (fs::exists(run.eval_csv(), ec)) {
    const std::vector<EvalLine> evals = read_eval_csv(run.eval_csv());
    if (!evals.empty()) {
      v.final_score.push_back(evals.back().score_mean);
      double best = -std::numeric_limits<double>::infinity();
      for (const EvalLine& e : evals)
        if (std::isfinite(e.score_mean)) best = std::max(best, e.score_mean);
      v.best_score.push_back(std::isfinite(best) ? best : kNaN);
      v.evals_score.push_back(scheduled_evaluations_mean(evals, h.config.value("eval_every", int64_t{0}), h.policy_start));
    }
  }
  v.ess.push_back(last_policy_ess(h));
  v.pearson.push_back(newest_trajectory_pearson(dir));
  return true;
}

}  // namespace

double scheduled_evaluations_mean(const std::vector<EvalLine>& evals, int64_t eval_every, int64_t policy_start) {
  double sum = 0;
  int64_t n = 0;
  for (size_t i = 0; i < evals.size(); ++i) {
    const bool scheduled = i + 1 == evals.size() || (eval_every > 0 && (evals[i].step - policy_start) % eval_every == 0);
    if (scheduled && std::isfinite(evals[i].score_mean)) sum += evals[i].score_mean, ++n;
  }
  return n > 0 ? sum / double(n) : kNaN;
}

SeedStat seed_stat(const std::vector<double>& values) {
  SeedStat s;
  double sum = 0;
  for (double x : values)
    if (std::isfinite(x)) sum += x, ++s.n;
  if (s.n == 0) return s;
  s.mean = sum / double(s.n);
  double squares = 0;
  for (double x : values)
    if (std::isfinite(x)) squares += (x - s.mean) * (x - s.mean);
  s.std = std::sqrt(squares / double(s.n));
  return s;
}

std::vector<GridCell> grid_cells_from_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(dir + ": not a folder");
  std::vector<GridCell> cells;
  for (const fs::path& dataset : subfolders(dir))
    for (const fs::path& label : subfolders(dataset)) {
      if (label.filename() == "value") continue;
      GridCell c{.dataset = dataset.filename().string(), .label = label.filename().string(), .run_dirs = {}};
      for (const fs::path& seed : subfolders(label))
        if (seed.filename().string().rfind("seed-", 0) == 0) c.run_dirs.push_back(seed.string());
      if (!c.run_dirs.empty()) cells.push_back(std::move(c));
    }
  if (cells.empty()) throw Error(dir + ": no grid runs (<dataset>/<algorithm>/seed-N folders) in it");
  return cells;
}

GridReport make_grid_report(const std::vector<GridCell>& cells) {
  GridReport report;
  for (const GridCell& c : cells) {
    if (std::find(report.datasets.begin(), report.datasets.end(), c.dataset) == report.datasets.end())
      report.datasets.push_back(c.dataset);
    if (std::find(report.labels.begin(), report.labels.end(), c.label) == report.labels.end())
      report.labels.push_back(c.label);
    GridReportRow row;
    row.dataset = c.dataset;
    row.label = c.label;
    row.seeds_total = int64_t(c.run_dirs.size());
    SeedValues v;
    for (const std::string& d : c.run_dirs)
      if (add_run(d, v, row.algo)) ++row.seeds_finished;
    row.final_score = seed_stat(v.final_score);
    row.best_score = seed_stat(v.best_score);
    row.evals_score = seed_stat(v.evals_score);
    row.ess = seed_stat(v.ess);
    row.pearson_trajectory = seed_stat(v.pearson);
    report.rows.push_back(std::move(row));
  }
  return report;
}

}  // namespace vaco::train
