// A run's pretrained critic shared with other runs: value.pt, written when a value phase ends,
// and `value_from`, which loads it into another run of the same dataset and value settings.
#pragma once
#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "core/algos/value_pretraining.h"
#include "core/train/train_config.h"

namespace vaco::train {

/// The settings that decide what a value phase learns besides seed and dataset (widths, batch
/// size, reward transform, value_steps and value.*), as {dotted key: value}.
nlohmann::json critic_settings(const TrainConfig& config);

/// Writes the critic's networks and optimizers to the run directory's value.pt (atomically).
void save_value_file(algos::ValuePretraining& critic, const std::string& run_dir);

/// The run directory whose value.pt a run of `seed` takes from `source_dir`: `source_dir` itself
/// when it has one, else a batched run's `source_dir`/seed-<seed>; throws vaco::Error when neither has.
std::string value_source_dir(const std::string& source_dir, uint64_t seed);

/// Loads the value.pt of value_source_dir(`source_dir`, config.seed) into `critic` after checking
/// that its run used the same dataset (`dataset_path`, when both are known) and the same
/// critic_settings as `config`; throws vaco::Error with one line naming the difference.
void load_value_from(const std::string& source_dir, const TrainConfig& config, const std::string& dataset_path,
                     algos::ValuePretraining& critic, torch::Device device);

}  // namespace vaco::train
