// MuJoCo's errors and warnings routed to us instead of MuJoCo's defaults (print, append to
// MUJOCO_LOG.TXT in the current folder, and exit() on an error).
#pragma once
#include <string>
#include <vector>

namespace vaco {

/// Installs, once per process (thread-safe), handlers that make a MuJoCo error throw
/// vaco::Error("MuJoCo error: <MuJoCo's message>") out of the MuJoCo call that raised it, and
/// send warnings to the calling thread's innermost MujocoWarningCapture, or else to stderr.
/// MuJoCo 4 expects exactly this of an error handler: never return (it throws).
void install_mujoco_handlers();

/// While alive, MuJoCo warnings raised on this thread are collected here instead of printed.
/// Captures nest; the innermost one collects.
class MujocoWarningCapture {
 public:
  MujocoWarningCapture();
  ~MujocoWarningCapture();
  MujocoWarningCapture(const MujocoWarningCapture&) = delete;
  MujocoWarningCapture& operator=(const MujocoWarningCapture&) = delete;
  /// The warnings collected so far, one line each.
  const std::vector<std::string>& messages() const { return messages_; }
  /// Adds one warning (called by the handler).
  void add(std::string message) { messages_.push_back(std::move(message)); }

 private:
  std::vector<std::string> messages_;
  MujocoWarningCapture* outer_;
};

/// MuJoCo's message text on one line: line breaks become "; ", trailing spaces go.
std::string mujoco_one_line(const std::string& text);

}  // namespace vaco
