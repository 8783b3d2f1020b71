#include "core/data/dataset.h"

#include <algorithm>
#include <cctype>

namespace vaco {

std::string guess_env_name(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Longest names first so "antmaze" wins over "ant" and "halfcheetah" over "cheetah".
  for (const char* env : {"antmaze", "halfcheetah", "walker2d", "hopper", "projectile", "ant"}) {
    if (lower.find(env) != std::string::npos) return env;
  }
  return "";
}

std::string guess_env_id(const std::string& name) {
  const std::string family = guess_env_name(name);
  if (family != "antmaze") return family;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.substr(lower.find("antmaze"));
}

}  // namespace vaco
