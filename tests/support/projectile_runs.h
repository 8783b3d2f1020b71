// Small, fast training runs on the projectile toy that several test suites share.
#pragma once
#include <cstdint>
#include <string>

#include "core/data/dataset.h"
#include "core/train/train_config.h"

namespace vaco::test {

/// A projectile dataset of `samples` rows from the datagen's `seed`, made once per process.
const Dataset& projectileDataset(int64_t samples, uint64_t seed);

/// A run of `algo` that takes seconds: 40 value + 60 policy steps on the CPU, 2 x 32 networks,
/// batch 64, metrics every 20 and evaluations (16 episodes) every 30 policy steps, seed 5.
train::TrainConfig smallProjectileConfig(const std::string& algo);

}  // namespace vaco::test
