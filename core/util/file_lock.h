// An exclusive advisory lock on a file (flock), held while the object lives. Child processes
// started meanwhile inherit it, so it is released only when they have ended too.
#pragma once
#include <string>

namespace vaco {

/// Locks `path` (created when missing). Throws vaco::Error when the file cannot be opened.
class FileLock {
 public:
  /// Takes the lock when it is free; see held().
  explicit FileLock(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  /// Whether the lock is held by this object.
  bool held() const { return held_; }
  /// Waits until the lock is free and takes it.
  void wait();

 private:
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace vaco
