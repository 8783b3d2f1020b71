// A thread that works through items 0, 1, 2, ... in order as a producer makes them available.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace vaco {

/// Runs `work(i)` for i = 0, 1, 2, ... on a thread of its own, each item as soon as the producer
/// has published it, so the producer's next step and the work on the last one overlap.
class OrderedWorker {
 public:
  /// Starts the thread; nothing runs before the first publish().
  explicit OrderedWorker(std::function<void(int64_t)> work);
  OrderedWorker(const OrderedWorker&) = delete;
  OrderedWorker& operator=(const OrderedWorker&) = delete;
  /// Lets the worker finish what is published, then joins it.
  ~OrderedWorker();

  /// Makes the items below `count` available to the worker.
  void publish(int64_t count);
  /// Waits until every published item is done and the thread has ended; rethrows the first
  /// exception `work` threw (the items after it are not run).
  void finish();

 private:
  void run();
  /// Lets the worker finish what is published and joins it.
  void close_and_join();

  std::function<void(int64_t)> work_;
  std::mutex mutex_;
  std::condition_variable published_cv_;
  int64_t published_ = 0;
  bool closing_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace vaco
