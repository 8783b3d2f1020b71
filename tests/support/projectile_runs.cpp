#include "tests/support/projectile_runs.h"

#include <map>
#include <mutex>
#include <utility>

#include "core/datagen/projectile_datagen.h"

namespace vaco::test {

const Dataset& projectileDataset(int64_t samples, uint64_t seed) {
  static std::mutex mutex;
  static std::map<std::pair<int64_t, uint64_t>, Dataset> made;
  const std::lock_guard<std::mutex> lock(mutex);
  auto it = made.find({samples, seed});
  if (it == made.end())
    it = made.emplace(std::make_pair(samples, seed), generate_projectile_dataset({.samples = samples, .seed = seed})).first;
  return it->second;
}

train::TrainConfig smallProjectileConfig(const std::string& algo) {
  train::TrainConfig c;
  c.algo = algo;
  c.device = "cpu";
  c.steps = 60;
  c.value_steps = 40;
  c.batch_size = 64;
  c.hidden = 32;
  c.depth = 2;
  c.log_every = 20;
  c.eval_every = 30;
  c.eval_episodes = 16;
  c.seed = 5;
  return c;
}

}  // namespace vaco::test
