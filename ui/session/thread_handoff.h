// Makes hand-overs through Qt's event queue visible to ThreadSanitizer. Qt orders a queued
// call after its post with a mutex inside the (uninstrumented) Qt library, which TSan cannot
// see; a release before each post and an acquire where the call lands restate that order with
// an atomic TSan understands. Costs one atomic operation per signal.
#pragma once
#include <atomic>
#include <cstdint>

namespace vaco::ui {

/// The training worker's hand-over point (one for the process).
class ThreadHandoff {
 public:
  /// Call before posting data to another thread (emit of a queued signal, invokeMethod).
  void send() { sequence_.fetch_add(1, std::memory_order_release); }
  /// Call where the posted data is received (first thing in the receiving slot).
  void receive() const { (void)sequence_.load(std::memory_order_acquire); }

 private:
  std::atomic<uint64_t> sequence_{0};
};

/// The hand-over between the GUI thread and training workers.
ThreadHandoff& trainingHandoff();

}  // namespace vaco::ui
