// Settings that are valid but change what a run means (a frozen scorer, a cut meta-gradient):
// the CLI and the GUI say so when a run starts, instead of accepting them silently.
#pragma once
#include <string>
#include <vector>

#include "core/train/train_config.h"

namespace vaco::train {

/// One line per surprising but valid setting of `config` (empty for an ordinary run).
std::vector<std::string> config_notes(const TrainConfig& config);

}  // namespace vaco::train
