#include "core/train/config_notes.h"

namespace vaco::train {

std::vector<std::string> config_notes(const TrainConfig& config) {
  std::vector<std::string> notes;
  if (config.algo != "vaco") return notes;
  if (config.vaco.meta_lr == 0.0)
    notes.push_back("vaco.meta_lr=0 freezes the meta-scorer: the weights stay those of its initialization");
  if (config.vaco.inner_lr == 0.0)
    notes.push_back("vaco.inner_lr=0 makes the inner step empty: the outer loss cannot reach the scorer, whose "
                    "meta-gradient is 0");
  return notes;
}

}  // namespace vaco::train
