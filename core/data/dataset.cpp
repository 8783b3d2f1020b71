#include "core/data/dataset.h"

#include <algorithm>
#include <cctype>

namespace vaco {

namespace {
std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}
}  // namespace

std::string guess_env_name(const std::string& name) {
  const std::string lower = lower_case(name);
  // Longest names first so "antmaze" wins over "ant" and "halfcheetah" over "cheetah".
  for (const char* env : {"antmaze", "halfcheetah", "walker2d", "hopper", "projectile", "ant"}) {
    if (lower.find(env) != std::string::npos) return env;
  }
  return "";
}

std::string guess_env_id(const std::string& name) {
  const std::string family = guess_env_name(name);
  if (family != "antmaze") return family;
  const std::string lower = lower_case(name);
  return lower.substr(lower.find("antmaze"));
}

}  // namespace vaco
