#include "core/train/grid_report_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace vaco::train {
namespace {

using Table = std::vector<std::vector<std::string>>;

// printf into a string.
template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// "mean ± std" in points, blank when absent.
std::string points(const SeedStat& s) {
  return std::isfinite(s.mean) ? format("%.1f ± %.1f", s.mean, s.std) : std::string();
}

// A mean with `fmt`, blank when absent.
std::string mean_only(const SeedStat& s, const char* fmt) {
  return std::isfinite(s.mean) ? format(fmt, s.mean) : std::string();
}

// Header and one line per row, as cells.
Table cells(const GridReport& report) {
  Table t{{"dataset", "algorithm", "seeds", "final score", "best score", "mean of evals", "ESS", "trajectory r"}};
  for (const GridReportRow& r : report.rows)
    t.push_back({r.dataset, r.label, format("%lld/%lld", (long long)r.seeds_finished, (long long)r.seeds_total),
                 points(r.final_score), points(r.best_score), points(r.evals_score), mean_only(r.ess, "%.3f"),
                 mean_only(r.pearson_trajectory, "%.2f")});
  return t;
}

// Display width (UTF-8 code points, so "±" counts once).
size_t width(const std::string& s) {
  return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The paper's layout: one row per dataset, one column per algorithm label, the final score;
// the best mean of a row marked (bold in Markdown, a trailing * in text).
Table wide_cells(const GridReport& report, bool markdown_marks) {
  Table t{{"dataset"}};
  for (const std::string& l : report.labels) t.front().push_back(l);
  for (const std::string& d : report.datasets) {
    std::vector<const GridReportRow*> row(report.labels.size(), nullptr);
    double best = -std::numeric_limits<double>::infinity();
    for (const GridReportRow& r : report.rows) {
      if (r.dataset != d) continue;
      const auto it = std::find(report.labels.begin(), report.labels.end(), r.label);
      row[size_t(it - report.labels.begin())] = &r;
      if (std::isfinite(r.final_score.mean)) best = std::max(best, r.final_score.mean);
    }
    std::vector<std::string> line{d};
    for (const GridReportRow* r : row) {
      std::string cell = r ? points(r->final_score) : std::string();
      if (r && !cell.empty() && r->final_score.mean == best)
        cell = markdown_marks ? "**" + cell + "**" : cell + " *";
      line.push_back(cell);
    }
    t.push_back(line);
  }
  return t;
}

// Columns padded to their widest cell, two spaces apart.
std::string aligned(const Table& t) {
  std::vector<size_t> w(t.front().size(), 0);
  for (const auto& line : t)
    for (size_t i = 0; i < line.size(); ++i) w[i] = std::max(w[i], width(line[i]));
  std::string out;
  for (const auto& line : t) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      text += line[i];
      if (i + 1 < line.size()) text += std::string(w[i] - width(line[i]) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

// A Markdown table; the first `text_columns` columns left-aligned, the rest right-aligned.
std::string markdown(const Table& t, size_t text_columns) {
  std::string out;
  for (size_t k = 0; k < t.size(); ++k) {
    out += "|";
    for (const std::string& c : t[k]) out += " " + c + " |";
    out += "\n";
    if (k == 0) {
      out += "|";
      for (size_t i = 0; i < t[k].size(); ++i) out += i < text_columns ? "---|" : "---:|";
      out += "\n";
    }
  }
  return out;
}

// A number for CSV, blank when absent.
std::string csv_number(double x) { return std::isfinite(x) ? format("%.10g", x) : std::string(); }

// Quotes a CSV field when it holds a comma, quote or newline.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string grid_report_text(const GridReport& report) {
  return aligned(cells(report)) +
         "scores: normalized (0 random, 100 expert), last (final) and best evaluation and mean of the scheduled "
         "evaluations, mean ± std over finished seeds\n";
}

std::string grid_report_markdown(const GridReport& report) {
  return markdown(cells(report), 2) +
         "\nScores are the normalized score (0 random, 100 expert) of the last (final) and the best evaluation of "
         "each run and the mean of its scheduled evaluations (every eval_every policy steps and the last; one taken "
         "when a stopped run checkpointed is left out), mean ± std over the finished seeds; ESS is the weights' "
         "effective sample size at the end of training, trajectory r the Pearson r of per-trajectory mean weight and "
         "return in the last snapshot (means over seeds).\n";
}

std::string grid_report_wide_text(const GridReport& report) {
  return aligned(wide_cells(report, false)) +
         "final normalized score (0 random, 100 expert), mean ± std over finished seeds; * the best mean of the row\n";
}

std::string grid_report_wide_markdown(const GridReport& report) {
  return markdown(wide_cells(report, true), 1) +
         "\nFinal normalized score (0 random, 100 expert), mean ± std over the finished seeds; the best mean of each "
         "dataset in bold.\n";
}

std::string grid_report_csv(const GridReport& report) {
  std::string out =
      "dataset,algorithm,algo,seeds_finished,seeds_total,final_mean,final_std,best_mean,best_std,ess_mean,"
      "pearson_trajectory_mean,evals_mean,evals_std\n";
  for (const GridReportRow& r : report.rows) {
    out += csv_field(r.dataset) + "," + csv_field(r.label) + "," + csv_field(r.algo) + "," +
           std::to_string(r.seeds_finished) + "," + std::to_string(r.seeds_total) + "," +
           csv_number(r.final_score.mean) + "," + csv_number(r.final_score.std) + "," + csv_number(r.best_score.mean) +
           "," + csv_number(r.best_score.std) + "," + csv_number(r.ess.mean) + "," +
           csv_number(r.pearson_trajectory.mean) + "," + csv_number(r.evals_score.mean) + "," +
           csv_number(r.evals_score.std) + "\n";
  }
  return out;
}

}  // namespace vaco::train
