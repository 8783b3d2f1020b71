#include "core/train/metric_sink.h"

#include <cmath>
#include <sstream>

#include "core/util/error.h"

namespace vaco::train {

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Completed: return "completed";
    case RunStatus::Interrupted: return "interrupted";
    case RunStatus::Failed: return "failed";
  }
  return "unknown";
}

void throw_if_non_finite(const MetricRecord& r) {
  for (const bool losses : {true, false}) {
    for (const auto& [name, value] : r.values) {
      if (losses != (name.find("loss") != std::string::npos) || std::isfinite(value)) continue;
      std::ostringstream msg;
      msg << "non-finite " << name << " (" << value << ") at step " << r.step << " in the " << r.phase
          << " phase; stopping";
      throw Error(msg.str());
    }
  }
}

}  // namespace vaco::train
