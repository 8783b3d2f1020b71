// Files named by the global step they were written at ("step-000000070.pt", "step-000005000.json"):
// checkpoints and analysis snapshots.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vaco::train {

/// The step of "step-<digits><suffix>", or -1 for any other name.
int64_t step_file_number(const std::string& name, const std::string& suffix);

/// The step-*<suffix> regular files of `dir`, newest (highest step) first; empty when there is no such folder.
std::vector<std::string> list_step_files(const std::string& dir, const std::string& suffix);

}  // namespace vaco::train
