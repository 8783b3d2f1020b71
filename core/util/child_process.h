// Child processes for running CLI jobs side by side (the `vaco grid` runner): start one with its
// output appended to a log file, poll whether it ended, send it a signal; or become one (a Slurm
// task). POSIX (fork + exec).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace vaco {

/// How a child ended.
struct ChildExit {
  int code = 0;    ///< exit status, or 128 + the signal that killed it
  int signal = 0;  ///< the signal that killed it (0 when it exited)
};

/// Starts `argv[0]` (a path) with `argv`, stdin from /dev/null and stdout and stderr appended to
/// `log_path`. On Linux the child gets SIGTERM when this process dies. Returns its pid; throws
/// vaco::Error when the log cannot be opened or the fork fails (an exec failure exits 127).
int spawn_logged(const std::vector<std::string>& argv, const std::string& log_path);

/// Replaces this process by `argv[0]` (a path) with `argv`, stdout and stderr appended to
/// `log_path` (signals then reach the program directly). Returns only by throwing vaco::Error when
/// the log cannot be opened or the program cannot be run.
[[noreturn]] void exec_logged(const std::vector<std::string>& argv, const std::string& log_path);

/// How child `pid` ended, or nullopt while it runs (does not block; reaps it when it ended).
std::optional<ChildExit> poll_child(int pid);

/// Sends `signal` to child `pid` (ignored when it has already ended).
void signal_child(int pid, int signal);

}  // namespace vaco
