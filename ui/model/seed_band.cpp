#include "ui/model/seed_band.h"

#include <cmath>
#include <map>

namespace vaco::ui {

MetricBandData meanStdAtSharedSteps(const QVector<const MetricSeriesData*>& runs) {
  MetricBandData band;
  if (runs.isEmpty()) return band;
  // Per run: step -> last finite value at that step.
  std::vector<std::map<double, double>> by_step(runs.size());
  for (qsizetype r = 0; r < runs.size(); ++r) {
    const MetricSeriesData& s = *runs[r];
    for (qsizetype i = 0; i < s.steps.size() && i < s.values.size(); ++i) {
      if (std::isfinite(s.values[i]))
        by_step[r][s.steps[i]] = s.values[i];
      else
        by_step[r].erase(s.steps[i]);
    }
  }
  const double n = double(runs.size());
  for (const auto& entry : by_step[0]) {
    const double step = entry.first;
    double sum = 0;
    bool shared = true;
    for (const auto& run : by_step) {
      auto it = run.find(step);
      if (it == run.end()) {
        shared = false;
        break;
      }
      sum += it->second;
    }
    if (!shared) continue;
    const double mean = sum / n;
    double squares = 0;
    for (const auto& run : by_step) squares += (run.at(step) - mean) * (run.at(step) - mean);
    band.steps.append(step);
    band.mean.append(mean);
    band.std.append(std::sqrt(squares / n));
  }
  return band;
}

}  // namespace vaco::ui
