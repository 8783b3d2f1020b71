#include "core/analysis/pearson.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vaco::analysis {

double pearson(std::span<const double> x, std::span<const double> y) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const size_t n = x.size();
  if (n != y.size() || n < 2) return kNaN;
  // Two passes (means first) keep the sums well conditioned for large offsets.
  double mx = 0.0, my = 0.0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= double(n);
  my /= double(n);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!std::isfinite(sxy) || !std::isfinite(sxx) || !std::isfinite(syy)) return kNaN;
  if (sxx <= 0.0 || syy <= 0.0) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

}  // namespace vaco::analysis
