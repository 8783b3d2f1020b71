#include "app/vaco/stop_signal.h"

#include <csignal>

namespace vaco::cli {
namespace {

std::atomic<bool> g_stop{false};
using Handler = void (*)(int);
Handler g_old_int = SIG_DFL, g_old_term = SIG_DFL;

void on_signal(int) { g_stop.store(true); }

}  // namespace

StopSignal::StopSignal() {
  g_stop.store(false);
  g_old_int = std::signal(SIGINT, on_signal);
  g_old_term = std::signal(SIGTERM, on_signal);
}

StopSignal::~StopSignal() {
  std::signal(SIGINT, g_old_int);
  std::signal(SIGTERM, g_old_term);
}

const std::atomic<bool>* StopSignal::flag() const { return &g_stop; }

}  // namespace vaco::cli
