#include "core/envs/mujoco/mujoco_log.h"

#include <mujoco/mujoco.h>

#include <cstdio>
#include <mutex>

#include "core/util/error.h"

namespace vaco {

namespace {

thread_local MujocoWarningCapture* t_capture = nullptr;

void on_warning(const std::string& text) {
  if (t_capture != nullptr) {
    t_capture->add(text);
  } else {
    std::fprintf(stderr, "MuJoCo warning: %s\n", text.c_str());
  }
}

[[noreturn]] void on_error(const std::string& text) { throw Error("MuJoCo error: " + text); }

#if defined(mjVERSION_HEADER) && mjVERSION_HEADER >= 4000000
// MuJoCo 4: one structured handler for errors, warnings and info messages.
void log_handler(const mjLogMessage* msg) {
  std::string text = mujoco_one_line(msg->subject);
  if (msg->body != nullptr && msg->body[0] != '\0') text += " (" + mujoco_one_line(msg->body) + ")";
  if (msg->level == mjLOG_ERROR) on_error(text);
  if (msg->level == mjLOG_WARNING) on_warning(text);
  // Info and debug messages are opt-in diagnostics; we enable none.
}
#else
// MuJoCo 2 and 3: the legacy global handlers.
void legacy_error(const char* msg) { on_error(mujoco_one_line(msg)); }
void legacy_warning(const char* msg) { on_warning(mujoco_one_line(msg)); }
#endif

}  // namespace

std::string mujoco_one_line(const std::string& text) {
  std::string out;
  bool pending_break = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      pending_break = true;
      continue;
    }
    if (pending_break && !out.empty()) out += "; ";
    pending_break = false;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void install_mujoco_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
#if defined(mjVERSION_HEADER) && mjVERSION_HEADER >= 4000000
    mju_setLogHandler(log_handler);
#else
    mju_user_error = legacy_error;
    mju_user_warning = legacy_warning;
#endif
  });
}

MujocoWarningCapture::MujocoWarningCapture() : outer_(t_capture) { t_capture = this; }

MujocoWarningCapture::~MujocoWarningCapture() { t_capture = outer_; }

}  // namespace vaco
