// A grid report as text: an aligned table for the console, a Markdown table (report.md) and
// CSV with one row per dataset x algorithm (report.csv), and the paper's layout (datasets x
// algorithms, final score). Absent values are blank.
#pragma once
#include <string>

#include "core/train/grid_report.h"

namespace vaco::train {

/// The console table: dataset, algorithm, seeds finished/total, final and best normalized score
/// and the mean of the scheduled evaluations (mean ± std over seeds), ESS and per-trajectory r.
std::string grid_report_text(const GridReport& report);

/// The same table in Markdown.
std::string grid_report_markdown(const GridReport& report);

/// The paper's layout as an aligned table: one row per dataset, one column per algorithm, the
/// final score (mean ± std over seeds); the best mean of each row gets a trailing *.
std::string grid_report_wide_text(const GridReport& report);

/// The paper's layout in Markdown, the best mean of each row in bold.
std::string grid_report_wide_markdown(const GridReport& report);

/// `dataset,algorithm,algo,seeds_finished,seeds_total,final_mean,final_std,best_mean,best_std,
/// ess_mean,pearson_trajectory_mean,evals_mean,evals_std`, then one line per row (numbers to 10
/// significant digits).
std::string grid_report_csv(const GridReport& report);

}  // namespace vaco::train
