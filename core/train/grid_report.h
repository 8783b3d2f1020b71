// The summary of a grid's runs (`vaco grid report`): per dataset x algorithm, the final and best
// normalized scores and the mean of the scheduled evaluations over the finished seeds, the
// weights' effective sample size and the per-trajectory Pearson r. Torch-free, so the GUI can
// plot it.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/train/metric_record.h"

namespace vaco::train {

/// The run folders of one dataset x algorithm (one per seed).
struct GridCell {
  std::string dataset;                ///< the dataset's folder name (file stem)
  std::string label;                  ///< the algorithm's label
  std::vector<std::string> run_dirs;  ///< one per seed; a folder may be missing
};

/// Mean and population standard deviation over seeds; NaN when no seed has the value.
struct SeedStat {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double std = std::numeric_limits<double>::quiet_NaN();
  int64_t n = 0;  ///< seeds that had the value
};

/// One line of the report.
struct GridReportRow {
  std::string dataset, label;
  std::string algo;             ///< config.json's algo of a run ("" when none ran)
  int64_t seeds_total = 0;      ///< run folders expected (spec) or found (folder walk)
  int64_t seeds_finished = 0;   ///< runs with status "completed"
  SeedStat final_score;         ///< normalized score (eval.csv score_mean: 0 random, 100 expert) of the last evaluation
  SeedStat best_score;          ///< per seed the best evaluation, then over seeds
  SeedStat evals_score;         ///< per seed the mean of its scheduled evaluations, then over seeds
  SeedStat ess;                 ///< "ess" of the last policy-phase metrics record (VACO's weights)
  SeedStat pearson_trajectory;  ///< the newest snapshot's per-trajectory Pearson r
};

/// The report: rows in cell order, with the datasets and labels in first-seen order.
struct GridReport {
  std::vector<GridReportRow> rows;
  std::vector<std::string> datasets, labels;
};

/// Mean and population std of the finite values.
SeedStat seed_stat(const std::vector<double>& values);

/// The mean normalized score of a run's scheduled evaluations: those at `eval_every` multiples of
/// policy steps (global step − `policy_start`) and the last one; an evaluation taken when a stopped
/// run checkpointed falls between them and is left out. Only the last when `eval_every` <= 0;
/// NaN without evaluations.
double scheduled_evaluations_mean(const std::vector<EvalLine>& evals, int64_t eval_every, int64_t policy_start);

/// The cells of a grid folder: <dir>/<dataset>/<label>/seed-*, the shared "value" runs left out.
/// Throws vaco::Error when `dir` is not a folder or holds no such runs.
std::vector<GridCell> grid_cells_from_dir(const std::string& dir);

/// Reads every cell's finished runs (metrics.jsonl, eval.csv, snapshots/); runs that are not
/// finished count only in seeds_total. Throws vaco::Error naming a file that does not parse.
GridReport make_grid_report(const std::vector<GridCell>& cells);

}  // namespace vaco::train
