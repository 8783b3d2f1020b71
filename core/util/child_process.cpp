#include "core/util/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <cstring>

#include "core/util/error.h"

namespace vaco {

int spawn_logged(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) throw Error("spawn: no program");
  // Everything the child needs is prepared before fork: between fork and exec only
  // async-signal-safe calls are allowed.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw Error(log_path + ": cannot open the log (" + std::strerror(errno) + ")");
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    ::close(log);
    if (null_in >= 0) ::close(null_in);
    throw Error(std::string("cannot start a process (") + std::strerror(err) + ")");
  }
  if (pid == 0) {
#ifdef __linux__
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);  // the parent died before prctl took effect
#endif
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (null_in >= 0) ::dup2(null_in, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execv(args[0], args.data());
    static const char msg[] = "exec failed: cannot run the program\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(log);
  if (null_in >= 0) ::close(null_in);
  return int(pid);
}

void exec_logged(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) throw Error("exec: no program");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw Error(log_path + ": cannot open the log (" + std::strerror(errno) + ")");
  const int saved_out = ::fcntl(1, F_DUPFD_CLOEXEC, 3), saved_err = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  ::dup2(log, 1);
  ::dup2(log, 2);
  ::close(log);
  ::execv(args[0], args.data());
  const int err = errno;
  if (saved_out >= 0) ::dup2(saved_out, 1);
  if (saved_err >= 0) ::dup2(saved_err, 2);
  throw Error(argv[0] + ": cannot run (" + std::strerror(err) + ")");
}

std::optional<ChildExit> poll_child(int pid) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_t(pid), &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return std::nullopt;
  if (r < 0) return ChildExit{.code = 127, .signal = 0};  // not our child (already reaped)
  if (WIFSIGNALED(status)) return ChildExit{.code = 128 + WTERMSIG(status), .signal = WTERMSIG(status)};
  return ChildExit{.code = WEXITSTATUS(status), .signal = 0};
}

void signal_child(int pid, int signal) { ::kill(pid_t(pid), signal); }

}  // namespace vaco
