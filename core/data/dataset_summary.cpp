#include "core/data/dataset_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "core/data/read_dataset.h"
#include "core/data/dataset.h"

namespace vaco {

DatasetSummary summarize(const Dataset& ds) {
  DatasetSummary s;
  s.path = ds.source_path;
  s.name = ds.name;
  s.env_name = ds.env_name;
  s.dtype = ds.stored_dtype;
  s.format = ds.format;
  s.dataset_id = ds.dataset_id;
  s.ref_min_score = ds.ref_min_score;
  s.ref_max_score = ds.ref_max_score;
  s.rows = ds.size();
  s.obs_dim = ds.obs_dim();
  s.act_dim = ds.act_dim();
  s.episodes = int64_t(ds.episodes.size());
  s.terminals = ds.terminals.sum().item<double>();
  s.timeouts = ds.timeouts.sum().item<double>();
  s.has_timeouts = ds.has_timeouts;
  s.has_next_observations = ds.has_next_observations();
  s.keys = ds.keys;
  s.warnings = ds.warnings;
  for (const Episode& e : ds.episodes) s.episode_returns.push_back(e.ret);
  if (!s.episode_returns.empty()) {
    const auto [lo, hi] = std::minmax_element(s.episode_returns.begin(), s.episode_returns.end());
    s.return_min = *lo;
    s.return_max = *hi;
    s.return_mean = std::accumulate(s.episode_returns.begin(), s.episode_returns.end(), 0.0) /
                    double(s.episode_returns.size());
    const auto [shortest, longest] = std::minmax_element(
        ds.episodes.begin(), ds.episodes.end(), [](const Episode& a, const Episode& b) { return a.length < b.length; });
    s.length_min = shortest->length;
    s.length_max = longest->length;
    int64_t total = 0;
    for (const Episode& e : ds.episodes) total += e.length;
    s.length_mean = double(total) / double(ds.episodes.size());
  }
  s.metadata = ds.metadata;
  if (const auto it = ds.metadata.find("metadata/recipe"); it != ds.metadata.end()) s.recipe = it->second;
  if (!s.episode_returns.empty()) {
    std::vector<double> sorted = s.episode_returns;
    std::sort(sorted.begin(), sorted.end());
    for (const double q : {0.10, 0.25, 0.50, 0.75, 0.90}) {
      const double pos = q * double(sorted.size() - 1);
      const size_t lo = size_t(pos), hi = std::min(lo + 1, sorted.size() - 1);
      s.return_quantiles.push_back(sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]));
    }
    const int bins = DatasetSummary::kHistogramBins;
    const double width = (s.return_max - s.return_min) / bins;
    for (int b = 0; b <= bins; ++b) s.histogram_edges.push_back(s.return_min + b * width);
    s.histogram_counts.assign(size_t(bins), 0);
    for (const double r : s.episode_returns) {
      const int b = width > 0 ? std::min(bins - 1, int((r - s.return_min) / width)) : 0;
      ++s.histogram_counts[size_t(b)];
    }
  }
  if (s.rows > 0) {
    s.reward_min = ds.rewards.min().item<double>();
    s.reward_max = ds.rewards.max().item<double>();
    s.reward_mean = ds.rewards.to(torch::kFloat64).mean().item<double>();
  }
  return s;
}

DatasetSummary summarize_file(const std::string& path) { return summarize(read_dataset(path)); }

std::string summary_json(const DatasetSummary& s, int indent) {
  nlohmann::json j = {
      {"path", s.path},
      {"name", s.name},
      {"env", s.env_name},
      {"format", s.format},
      {"dataset_id", s.dataset_id},
      {"ref_min_score", s.ref_min_score ? nlohmann::json(*s.ref_min_score) : nlohmann::json()},
      {"ref_max_score", s.ref_max_score ? nlohmann::json(*s.ref_max_score) : nlohmann::json()},
      {"rows", s.rows},
      {"obs_dim", s.obs_dim},
      {"act_dim", s.act_dim},
      {"dtype", s.dtype},
      {"episodes", s.episodes},
      {"return_min", s.return_min},
      {"return_mean", s.return_mean},
      {"return_max", s.return_max},
      {"length_min", s.length_min},
      {"length_mean", s.length_mean},
      {"length_max", s.length_max},
      {"reward_min", s.reward_min},
      {"reward_mean", s.reward_mean},
      {"reward_max", s.reward_max},
      {"terminals", s.terminals},
      {"timeouts", s.timeouts},
      {"has_timeouts", s.has_timeouts},
      {"has_next_observations", s.has_next_observations},
      {"keys", s.keys},
      {"warnings", s.warnings},
      {"metadata", s.metadata},
      {"recipe", s.recipe},
      {"return_quantiles", s.return_quantiles},
      {"return_histogram", {{"edges", s.histogram_edges}, {"counts", s.histogram_counts}}},
  };
  return j.dump(indent);
}

std::string summary_text(const DatasetSummary& s) {
  std::ostringstream o;
  char buf[256];
  auto line = [&](const char* label, const std::string& value) {
    std::snprintf(buf, sizeof buf, "%-22s %s\n", label, value.c_str());
    o << buf;
  };
  auto num = [](double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.4g", v);
    return std::string(b);
  };
  line("file", s.path.empty() ? "(in memory)" : s.path);
  line("environment", s.env_name.empty() ? "(unknown)" : s.env_name);
  if (s.format == "minari") line("minari dataset", s.dataset_id);
  if (s.ref_min_score && s.ref_max_score) {
    line("score references", "ref_min_score " + num(*s.ref_min_score) + "  ref_max_score " + num(*s.ref_max_score));
  }
  line("rows", std::to_string(s.rows));
  line("observation / action", std::to_string(s.obs_dim) + " / " + std::to_string(s.act_dim));
  line("stored dtype", s.dtype);
  line("episodes", std::to_string(s.episodes));
  line("episode length", "min " + std::to_string(s.length_min) + "  mean " + num(s.length_mean) + "  max " +
                             std::to_string(s.length_max));
  if (!s.recipe.empty()) line("recipe", s.recipe);
  for (const auto& [key, value] : s.metadata)
    if (key != "metadata/recipe") line(key.c_str(), value);
  line("episode return", "min " + num(s.return_min) + "  mean " + num(s.return_mean) + "  max " +
                             num(s.return_max));
  if (s.return_quantiles.size() == 5) {
    line("return percentiles", "10% " + num(s.return_quantiles[0]) + "  25% " + num(s.return_quantiles[1]) +
                                   "  50% " + num(s.return_quantiles[2]) + "  75% " + num(s.return_quantiles[3]) +
                                   "  90% " + num(s.return_quantiles[4]));
  }
  const int64_t most = s.histogram_counts.empty()
                           ? 0
                           : *std::max_element(s.histogram_counts.begin(), s.histogram_counts.end());
  for (size_t b = 0; b < s.histogram_counts.size(); ++b) {
    const int64_t n = s.histogram_counts[b];
    const std::string bar(size_t(most > 0 ? (40 * n + most - 1) / most : 0), '#');
    line(b == 0 ? "return histogram" : "",
         "[" + num(s.histogram_edges[b]) + ", " + num(s.histogram_edges[b + 1]) + ") " + std::to_string(n) + " " + bar);
  }
  line("reward", "min " + num(s.reward_min) + "  mean " + num(s.reward_mean) + "  max " +
                     num(s.reward_max));
  line("terminals", std::to_string(s.terminals));
  line("timeouts", s.has_timeouts ? std::to_string(s.timeouts) : "(no timeouts key)");
  line("next_observations", s.has_next_observations ? "yes" : "no");
  std::string keys;
  for (const auto& k : s.keys) keys += (keys.empty() ? "" : ", ") + k;
  line("keys", keys);
  for (const auto& w : s.warnings) line("warning", w);
  return o.str();
}

}  // namespace vaco
