#include "core/util/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/util/error.h"

namespace vaco {

FileLock::FileLock(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);  // inherited by children on purpose
  if (fd_ < 0) throw Error(path + ": cannot open the lock file (" + std::strerror(errno) + ")");
  held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

void FileLock::wait() {
  while (!held_) {
    if (::flock(fd_, LOCK_EX) == 0) held_ = true;
    else if (errno != EINTR) throw Error(std::string("cannot lock (") + std::strerror(errno) + ")");
  }
}

}  // namespace vaco
