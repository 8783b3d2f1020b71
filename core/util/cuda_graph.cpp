#include "core/util/cuda_graph.h"

#include <dlfcn.h>

#include <filesystem>
#include <vector>

#include "core/util/cuda_backend.h"
#include "core/util/error.h"

namespace vaco {

namespace {

constexpr const char* kPlugin = "libvaco_cuda_graph.so";

// The plugin's entry points (plugins/cuda_graph/graph_plugin.cpp).
struct PluginApi {
  void* (*make)() = nullptr;
  int (*capture_begin)(void*) = nullptr;
  int (*capture_end)(void*) = nullptr;
  int (*replay)(void*) = nullptr;
  void (*free)(void*) = nullptr;
  const char* (*error)() = nullptr;
  std::string why_not;  // "" when loaded
};

// Folders that may hold the plugin: beside the executable, its ../lib and ../lib/vaco-studio (an
// installed or bundled layout), then the build tree's lib/.
std::vector<std::filesystem::path> plugin_folders() {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto dir = exe.parent_path();
    out = {dir, dir / ".." / "lib", dir / ".." / "lib" / "vaco-studio"};
  }
#ifdef VACO_PLUGIN_BUILD_DIR
  out.emplace_back(VACO_PLUGIN_BUILD_DIR);
#endif
  return out;
}

const PluginApi& plugin() {
  static const PluginApi api = [] {
    PluginApi a;
    if (!cuda_available()) {
      a.why_not = cuda_unavailable_reason();
      return a;
    }
    void* lib = nullptr;
    for (const auto& dir : plugin_folders()) {
      const auto path = dir / kPlugin;
      if (std::filesystem::exists(path) && (lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL))) break;
    }
    if (!lib) {
      a.why_not = std::string("this installation has no CUDA graph plugin (") + kPlugin + ")";
      return a;
    }
    a.make = reinterpret_cast<void* (*)()>(dlsym(lib, "vaco_graph_new"));
    a.capture_begin = reinterpret_cast<int (*)(void*)>(dlsym(lib, "vaco_graph_capture_begin"));
    a.capture_end = reinterpret_cast<int (*)(void*)>(dlsym(lib, "vaco_graph_capture_end"));
    a.replay = reinterpret_cast<int (*)(void*)>(dlsym(lib, "vaco_graph_replay"));
    a.free = reinterpret_cast<void (*)(void*)>(dlsym(lib, "vaco_graph_free"));
    a.error = reinterpret_cast<const char* (*)()>(dlsym(lib, "vaco_graph_error"));
    if (!a.make || !a.capture_begin || !a.capture_end || !a.replay || !a.free || !a.error)
      a.why_not = std::string(kPlugin) + " lacks an entry point (a plugin of another version)";
    return a;
  }();
  return api;
}

// Throws vaco::Error with the plugin's message when `rc` says a call failed.
void check(int rc, const char* what) {
  if (rc != 0) throw Error(std::string("CUDA graph ") + what + " failed: " + plugin().error());
}

}  // namespace

std::string cuda_graph_unavailable_reason() { return plugin().why_not; }

CudaGraph::CudaGraph() {
  if (const std::string why = cuda_graph_unavailable_reason(); !why.empty()) throw Error("CUDA graphs: " + why);
  handle_ = plugin().make();
  if (!handle_) throw Error(std::string("CUDA graph could not be made: ") + plugin().error());
}

CudaGraph::~CudaGraph() {
  if (handle_) plugin().free(handle_);
}

void CudaGraph::capture_begin() { check(plugin().capture_begin(handle_), "capture"); }

void CudaGraph::capture_end() { check(plugin().capture_end(handle_), "capture"); }

void CudaGraph::replay() { check(plugin().replay(handle_), "replay"); }

}  // namespace vaco
