// The environment interface shared by the projectile toy and the MuJoCo tasks.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace vaco {

/// What one environment step returns.
struct StepResult {
  std::vector<float> observation;
  double reward = 0.0;
  bool terminated = false;  ///< the task ended (TD targets stop here)
  bool truncated = false;   ///< the step limit was reached
};

/// What one environment step returns besides the observation (see Env::step_into).
struct StepOutcome {
  double reward = 0.0;
  bool terminated = false;  ///< the task ended (TD targets stop here)
  bool truncated = false;   ///< the step limit was reached
};

/// Returns that define a normalized score of 0 (random) and 100 (expert).
struct ReferenceReturns {
  double random = 0.0;
  double expert = 1.0;
};

/// An episodic environment with continuous actions in [action_low, action_high].
class Env {
 public:
  virtual ~Env() = default;
  /// Short family name ("projectile", "hopper", ...).
  virtual std::string name() const = 0;
  /// Starts an episode from a seeded initial state; returns the first observation.
  virtual std::vector<float> reset(uint64_t seed) = 0;
  /// Applies one action; throws vaco::Error on a wrong-sized or non-finite action.
  virtual StepResult step(std::span<const float> action) = 0;
  /// As step(), but writes the next observation into `observation` (observation_dim() values)
  /// instead of allocating it; the hot path of rollouts, evaluation and `vaco bench env`.
  /// Throws vaco::Error as step() does, or when `observation` has the wrong size.
  virtual StepOutcome step_into(std::span<const float> action, std::span<float> observation);
  /// Observation width.
  virtual int64_t observation_dim() const = 0;
  /// Action width.
  virtual int64_t action_dim() const = 0;
  /// Lower action bound (the same for every component).
  virtual float action_low() const { return -1.0f; }
  /// Upper action bound (the same for every component).
  virtual float action_high() const { return 1.0f; }
  /// Steps after which an episode is truncated.
  virtual int64_t max_episode_steps() const = 0;
  /// Reference returns for the normalized score of the current episode.
  virtual ReferenceReturns reference_returns() const = 0;
  /// The normalized score of the episode so far when the task scores its outcome rather than
  /// its return (AntMaze: 100 once the goal was reached, else 0); nullopt otherwise.
  virtual std::optional<double> episode_score() const { return std::nullopt; }
  /// Episodes an evaluation runs unless told otherwise: the task's published protocol (D4RL's
  /// 10 for locomotion, 100 for AntMaze).
  virtual int64_t evaluation_episodes() const { return 10; }
  /// The agent's position on the ground (x, y) in a task about places (AntMaze), for drawing its
  /// path; nullopt otherwise.
  virtual std::optional<std::array<double, 2>> ground_position() const { return std::nullopt; }
  /// The current episode's goal on the ground (AntMaze); nullopt in a task without one.
  virtual std::optional<std::array<double, 2>> ground_goal() const { return std::nullopt; }
  /// Everything needed to continue the current episode bit for bit (checkpoints of online runs).
  virtual std::vector<double> save_state() const = 0;
  /// Continues from what save_state() returned; throws vaco::Error when it does not fit this env.
  virtual void restore_state(std::span<const double> state) = 0;
};

inline StepOutcome Env::step_into(std::span<const float> action, std::span<float> observation) {
  StepResult r = step(action);
  if (r.observation.size() != observation.size()) {
    throw Error(name() + ": step_into got room for " + std::to_string(observation.size()) +
                " observation values; expected " + std::to_string(r.observation.size()));
  }
  std::copy(r.observation.begin(), r.observation.end(), observation.begin());
  return {r.reward, r.terminated, r.truncated};
}

/// 100 * (ret - random) / (expert - random), D4RL's normalized score.
inline double normalized_score(double ret, const ReferenceReturns& ref) {
  return 100.0 * (ret - ref.random) / (ref.expert - ref.random);
}

}  // namespace vaco
