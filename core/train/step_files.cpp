#include "core/train/step_files.h"

#include <algorithm>
#include <filesystem>

namespace vaco::train {

namespace fs = std::filesystem;

int64_t step_file_number(const std::string& name, const std::string& suffix) {
  const size_t prefix = 5;  // "step-"
  if (name.size() <= prefix + suffix.size() || name.rfind("step-", 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  const std::string digits = name.substr(prefix, name.size() - prefix - suffix.size());
  if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return -1;
  return std::stoll(digits);
}

std::vector<std::string> list_step_files(const std::string& dir, const std::string& suffix) {
  std::vector<std::pair<int64_t, std::string>> found;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const int64_t step = step_file_number(it->path().filename().string(), suffix);
    if (step >= 0 && it->is_regular_file(ec)) found.emplace_back(step, it->path().string());
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

}  // namespace vaco::train
