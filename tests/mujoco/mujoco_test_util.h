// Helpers shared by the MuJoCo environment tests (header-only; no Qt).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/envs/env.h"
#include "core/util/rng.h"

namespace vaco::test {

/// Sets an environment variable for the lifetime of the object, then restores the old value.
class ScopedEnvVar {
 public:
  ScopedEnvVar(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      had_ = true;
      old_ = old;
    }
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvVar() {
    if (had_) {
      setenv(name_, old_.c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnvVar(const ScopedEnvVar&) = delete;
  ScopedEnvVar& operator=(const ScopedEnvVar&) = delete;

 private:
  const char* name_;
  bool had_ = false;
  std::string old_;
};

/// Everything one seeded random-action run produced, for exact comparisons between runs.
struct RunTrace {
  std::vector<float> observations;
  std::vector<double> rewards;
  std::vector<int> flags;  ///< 2 * terminated + truncated per step
};

/// Resets `env` with `seed` and applies `steps` seeded random actions (no reset on termination).
inline RunTrace run_random_actions(Env& env, uint64_t seed, int steps) {
  RunTrace t;
  Rng rng(seed);
  t.observations = env.reset(seed);
  std::vector<float> a(size_t(env.action_dim()));
  for (int s = 0; s < steps; ++s) {
    for (float& x : a) x = float(rng.uniform(-1.0, 1.0));
    const StepResult r = env.step(a);
    t.observations.insert(t.observations.end(), r.observation.begin(), r.observation.end());
    t.rewards.push_back(r.reward);
    t.flags.push_back(2 * int(r.terminated) + int(r.truncated));
  }
  return t;
}

/// True when two traces are bit-for-bit the same.
inline bool same_trace(const RunTrace& a, const RunTrace& b) {
  return a.observations == b.observations && a.rewards == b.rewards && a.flags == b.flags;
}

}  // namespace vaco::test
