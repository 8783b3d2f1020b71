#include "core/envs/mujoco/model_cache.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "core/util/error.h"

namespace vaco {

namespace {

// MuJoCo's messages can span lines ("XML Error: ...\nElement 'x', line 3"); keep them on one,
// joining the lines with "; ".
std::string one_line(const std::string& text) {
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

// MuJoCo's default warning handler prints and also appends to MUJOCO_LOG.TXT in the current
// folder. We route warnings to stderr instead, and while a model compiles we collect them so
// that the one known, harmless deprecation (settotalmass, used by HalfCheetah as D4RL's model
// does) is not shown to every user.
thread_local std::vector<std::string>* t_captured = nullptr;

void warning_to_stderr(const char* msg) {
  if (t_captured != nullptr) {
    t_captured->emplace_back(msg);
  } else {
    std::fprintf(stderr, "MuJoCo warning: %s\n", msg);
  }
}

void install_warning_handler() {
  static std::once_flag once;
  std::call_once(once, [] { mju_user_warning = warning_to_stderr; });
}

}  // namespace

std::shared_ptr<const mjModel> compile_mujoco_model(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error("MuJoCo model '" + path + "' does not exist or is not a file");
  }
  install_warning_handler();
  char error[1024] = "";
  std::vector<std::string> warnings;
  mjModel* model = nullptr;
  {
    // One compile at a time: cheap next to stepping, and it does not rely on the XML parser
    // being reentrant.
    static std::mutex compile_mutex;
    std::lock_guard<std::mutex> lock(compile_mutex);
    t_captured = &warnings;
    model = mj_loadXML(path.c_str(), nullptr, error, sizeof(error));
    t_captured = nullptr;
  }
  for (const std::string& w : warnings) {
    if (w.find("settotalmass") == std::string::npos) std::fprintf(stderr, "MuJoCo warning (%s): %s\n", path.c_str(), w.c_str());
  }
  if (model == nullptr) {
    throw Error("MuJoCo could not load '" + path + "': " +
                (error[0] != '\0' ? one_line(error) : std::string("unknown error")));
  }
  return std::shared_ptr<const mjModel>(model, [](const mjModel* m) { mj_deleteModel(const_cast<mjModel*>(m)); });
}

std::shared_ptr<const mjModel> load_mujoco_model(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const mjModel>> cache;
  std::error_code ec;
  std::filesystem::path key = std::filesystem::weakly_canonical(path, ec);
  const std::string k = ec ? path : key.string();
  // One lock for lookup and load: a model is compiled once even when threads race for it.
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(k); it != cache.end()) return it->second;
  auto model = compile_mujoco_model(k);
  cache.emplace(k, model);
  return model;
}

}  // namespace vaco
