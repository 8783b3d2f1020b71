// Turns the GUI's RunRequest into core's TrainConfig; for the training worker (includes torch).
#pragma once
#include "core/train/train_config.h"

#include "ui/run_request.h"

namespace vaco::ui {

/// The validated TrainConfig of `request` (its fields, then every setting as an override);
/// throws vaco::Error with one line when a setting is unknown, malformed or out of range.
train::TrainConfig toTrainConfig(const RunRequest& request);

}  // namespace vaco::ui
