// Pearson correlation of paired samples (weights against Q, mean weights against returns).
// Torch-free, so widgets may include it.
#pragma once
#include <span>

namespace vaco::analysis {

/// Pearson r of (x[i], y[i]); NaN when the sizes differ, n < 2, either side is constant,
/// or a value is not finite.
double pearson(std::span<const double> x, std::span<const double> y);

}  // namespace vaco::analysis
