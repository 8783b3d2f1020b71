#include "core/envs/mujoco/model_cache.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "core/envs/mujoco/mujoco_log.h"
#include "core/util/error.h"

namespace vaco {

namespace {

// Parses `path`, applies `edit` and compiles; the spec is freed on every path out.
mjModel* compile_edited(const std::string& path, const ModelEdit& edit, char* error, int error_size) {
  std::unique_ptr<mjSpec, void (*)(mjSpec*)> spec(mj_parseXML(path.c_str(), nullptr, error, error_size), mj_deleteSpec);
  if (!spec) return nullptr;
  edit(spec.get());
  mjModel* model = mj_compile(spec.get(), nullptr);
  if (model == nullptr) std::snprintf(error, size_t(error_size), "%s", mjs_getError(spec.get()));
  return model;
}

}  // namespace

std::shared_ptr<const mjModel> compile_mujoco_model(const std::string& path, const ModelEdit& edit) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error("MuJoCo model '" + path + "' does not exist or is not a file");
  }
  install_mujoco_handlers();
  char error[1024] = "";
  std::vector<std::string> warnings;
  mjModel* model = nullptr;
  {
    // Warnings are collected so that the one known, harmless deprecation (settotalmass, used
    // by HalfCheetah as D4RL's model does) is not shown to every user.
    // One compile at a time: cheap next to stepping, and it does not rely on the XML parser
    // being reentrant.
    static std::mutex compile_mutex;
    std::lock_guard<std::mutex> lock(compile_mutex);
    MujocoWarningCapture capture;
    model = edit ? compile_edited(path, edit, error, sizeof(error)) : mj_loadXML(path.c_str(), nullptr, error, sizeof(error));
    warnings = capture.messages();
  }
  for (const std::string& w : warnings) {
    if (w.find("settotalmass") == std::string::npos) std::fprintf(stderr, "MuJoCo warning (%s): %s\n", path.c_str(), w.c_str());
  }
  if (model == nullptr) {
    throw Error("MuJoCo could not load '" + path + "': " +
                (error[0] != '\0' ? mujoco_one_line(error) : std::string("unknown error")));
  }
  return std::shared_ptr<const mjModel>(model, [](const mjModel* m) { mj_deleteModel(const_cast<mjModel*>(m)); });
}

std::shared_ptr<const mjModel> load_mujoco_model(const std::string& path, const std::string& variant, const ModelEdit& edit) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const mjModel>> cache;
  std::error_code ec;
  std::filesystem::path key = std::filesystem::weakly_canonical(path, ec);
  const std::string file = ec ? path : key.string();
  const std::string k = variant.empty() ? file : file + "#" + variant;
  // One lock for lookup and load: a model is compiled once even when threads race for it.
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(k); it != cache.end()) return it->second;
  auto model = compile_mujoco_model(file, edit);
  cache.emplace(k, model);
  return model;
}

}  // namespace vaco
