// SIGINT / SIGTERM as a stop flag that the training loop reads between steps.
#pragma once
#include <atomic>

namespace vaco::cli {

/// Installs SIGINT/SIGTERM handlers that set the flag while alive; restores the old ones after.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;
  /// The flag the handlers set.
  const std::atomic<bool>* flag() const;
};

}  // namespace vaco::cli
