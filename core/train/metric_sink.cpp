#include "core/train/metric_sink.h"

namespace vaco::train {

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Completed: return "completed";
    case RunStatus::Interrupted: return "interrupted";
    case RunStatus::Failed: return "failed";
  }
  return "unknown";
}

}  // namespace vaco::train
