#include "core/envs/mujoco/resource_path.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "core/util/error.h"

namespace vaco {

namespace fs = std::filesystem;

std::vector<std::string> resource_search_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("VACO_RESOURCES"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
#ifdef VACO_RESOURCES_SOURCE_DIR
  dirs.emplace_back(VACO_RESOURCES_SOURCE_DIR);
#endif
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path() / ".." / "share" / "vaco-studio" / "resources").lexically_normal().string());
  return dirs;
}

std::string find_resource(const std::string& relative) {
  const std::vector<std::string> dirs = resource_search_dirs();
  std::string tried;
  for (const std::string& dir : dirs) {
    const fs::path candidate = fs::path(dir) / relative;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    tried += (tried.empty() ? "" : ", ") + dir;
  }
  throw Error("resource '" + relative + "' not found; looked in: " + (tried.empty() ? "(no folders)" : tried) +
              " (set VACO_RESOURCES to the folder that holds mujoco/)");
}

}  // namespace vaco
