// Small helpers for the algorithms' validate(): each throws vaco::Error with one clear line.
#pragma once
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace vaco::algos {

/// Throws unless lo <= value <= hi (and finite); `name` is the setting's key, e.g. "vaco.meta_lr".
inline void require_range(const std::string& name, double value, double lo, double hi) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    throw Error(name + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                std::to_string(value));
  }
}

/// Throws unless value > 0 (and finite).
inline void require_positive(const std::string& name, double value) {
  if (!std::isfinite(value) || !(value > 0.0)) {
    throw Error(name + " must be > 0, got " + std::to_string(value));
  }
}

/// Throws unless value >= 0 (and finite).
inline void require_non_negative(const std::string& name, double value) {
  if (!std::isfinite(value) || value < 0.0) {
    throw Error(name + " must be >= 0, got " + std::to_string(value));
  }
}

}  // namespace vaco::algos
