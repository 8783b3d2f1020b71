// Small helpers for the algorithms' validate(): each throws vaco::SettingError (one clear line,
// and the setting's key).
#pragma once
#include <cmath>
#include <cstdio>
#include <string>

#include "core/util/error.h"

namespace vaco::algos {

/// A setting's value as a user would type it: "-1", "0.0003", "1e-08" (shortest of %g's forms).
inline std::string setting_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

/// Throws unless lo <= value <= hi (and finite); `name` is the setting's key, e.g. "vaco.meta_lr".
inline void require_range(const std::string& name, double value, double lo, double hi) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    throw SettingError(name, name + " must be in [" + setting_text(lo) + ", " + setting_text(hi) + "], got " +
                setting_text(value));
  }
}

/// Throws unless value > 0 (and finite).
inline void require_positive(const std::string& name, double value) {
  if (!std::isfinite(value) || !(value > 0.0)) {
    throw SettingError(name, name + " must be > 0, got " + setting_text(value));
  }
}

/// Throws unless value >= 0 (and finite).
inline void require_non_negative(const std::string& name, double value) {
  if (!std::isfinite(value) || value < 0.0) {
    throw SettingError(name, name + " must be >= 0, got " + setting_text(value));
  }
}

}  // namespace vaco::algos
