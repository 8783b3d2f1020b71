// Finds files shipped in resources/ (MJCF models) from a source tree, a build or an install.
#pragma once
#include <string>
#include <vector>

namespace vaco {

/// Folders searched for resources, in order: $VACO_RESOURCES, the source tree's resources/
/// (compile definition), and <exe dir>/../share/vaco-studio/resources (installed layout).
std::vector<std::string> resource_search_dirs();

/// Absolute path of `relative` (e.g. "mujoco/hopper.xml") in the first search folder that has
/// it; throws vaco::Error naming the file and every folder tried when none has it.
std::string find_resource(const std::string& relative);

}  // namespace vaco
