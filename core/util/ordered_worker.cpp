#include "core/util/ordered_worker.h"

#include <utility>

namespace vaco {

OrderedWorker::OrderedWorker(std::function<void(int64_t)> work) : work_(std::move(work)) {
  thread_ = std::thread([this] { run(); });
}

OrderedWorker::~OrderedWorker() { close_and_join(); }

void OrderedWorker::close_and_join() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  published_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void OrderedWorker::publish(int64_t count) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count <= published_) return;
    published_ = count;
  }
  published_cv_.notify_one();
}

void OrderedWorker::finish() {
  close_and_join();
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void OrderedWorker::run() {
  int64_t next = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    published_cv_.wait(lock, [&] { return next < published_ || closing_; });
    if (next >= published_) return;  // closing, and nothing left
    const int64_t until = published_;
    lock.unlock();
    try {
      for (; next < until; ++next) work_(next);
    } catch (...) {
      error_ = std::current_exception();
      return;
    }
    lock.lock();
  }
}

}  // namespace vaco
