#include "ui/plots/plot_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vaco::ui {

bool equalSeries(const QVector<double>& stepsA, const QVector<double>& valuesA, const QVector<double>& stepsB,
                 const QVector<double>& valuesB) {
  if (stepsA.size() != stepsB.size() || valuesA.size() != valuesB.size() || valuesA.isEmpty()) return false;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : valuesA)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const double span = hi > lo ? hi - lo : std::max(std::abs(hi), 1e-12);
  const auto same = [](double a, double b, double tolerance) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= tolerance;
  };
  for (qsizetype i = 0; i < valuesA.size(); ++i)
    if (!same(stepsA[i], stepsB[i], 0.0) || !same(valuesA[i], valuesB[i], kCoincideShare * span)) return false;
  return true;
}

double seriesScale(const QVector<double>& values) {
  QVector<double> magnitudes;
  magnitudes.reserve(values.size());
  for (double v : values)
    if (std::isfinite(v)) magnitudes.push_back(std::abs(v));
  if (magnitudes.isEmpty()) return 0.0;
  const qsizetype mid = magnitudes.size() / 2;
  std::nth_element(magnitudes.begin(), magnitudes.begin() + mid, magnitudes.end());
  return magnitudes[mid];
}

QSet<QString> rightAxisSeries(const QMap<QString, double>& scales) {
  double largest = 0.0;
  for (double s : scales) largest = std::max(largest, s);
  QSet<QString> right;
  if (largest <= 0.0) return right;
  for (auto it = scales.cbegin(); it != scales.cend(); ++it)
    if (it.value() > 0.0 && it.value() * kScaleRatio < largest) right.insert(it.key());
  return right;
}

}  // namespace vaco::ui
