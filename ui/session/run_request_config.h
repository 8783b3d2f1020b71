// Turns the GUI's RunRequest into core's TrainConfig; for the training worker (includes torch).
#pragma once
#include "core/train/train_config.h"

#include "ui/session/run_request.h"

namespace vaco::ui {

/// The validated TrainConfig of `request` (runOverrides applied in order to the defaults);
/// throws vaco::Error with one line (a SettingError naming the key where one setting is at
/// fault) when a setting is unknown, malformed or out of range.
train::TrainConfig toTrainConfig(const RunRequest& request);

}  // namespace vaco::ui
