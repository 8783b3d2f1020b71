// The replay buffer of an online run, row for row in D4RL's layout: it is what a medium-replay
// dataset is made of. Rows live in preallocated CPU tensors; the oldest are overwritten when full.
#pragma once
#include <torch/types.h>

#include <cstdint>
#include <span>
#include <string>

#include "core/algos/batch.h"
#include "core/data/dataset.h"

namespace vaco::online {

/// One environment step as the buffer stores it.
struct ReplayRow {
  std::span<const float> observation, action, next_observation;
  float reward = 0.0f;
  bool terminal = false;  ///< the task ended (TD targets stop here)
  bool timeout = false;   ///< the step limit ended the episode
  std::span<const double> qpos, qvel;  ///< the state the action was taken in (empty for non-MuJoCo envs)
  float log_prob = 0.0f;  ///< log-probability of the action under the behaviour policy
};

/// A ring of `capacity` rows; sample() draws uniformly among the rows held.
class ReplayBuffer {
 public:
  /// Preallocates capacity rows; throws vaco::Error when capacity < 1 or a width is < 1.
  ReplayBuffer(int64_t capacity, int64_t obs_dim, int64_t act_dim, int64_t qpos_dim = 0, int64_t qvel_dim = 0);
  /// Appends a row (overwriting the oldest when full); throws vaco::Error on a width mismatch.
  void add(const ReplayRow& row);
  /// batch_size rows drawn with replacement using `gen` (a CPU generator), moved to `device`;
  /// dones are the terminals. Throws vaco::Error when the buffer is empty.
  algos::Batch sample(int64_t batch_size, torch::Generator& gen, torch::Device device) const;
  /// Rows held (at most capacity).
  int64_t size() const { return size_; }
  /// Rows ever added.
  int64_t added() const { return added_; }
  /// Maximum rows held.
  int64_t capacity() const { return capacity_; }
  /// The rows held, oldest first, as a D4RL-layout dataset with infos/action_log_probs and,
  /// when the env has them, infos/qpos and infos/qvel.
  Dataset to_dataset(const std::string& name, const std::string& env_name) const;
  /// Replaces the content by the first `rows` rows of `ds` (a file written from to_dataset), as if
  /// they had been added in order; throws vaco::Error when ds has fewer rows or other widths.
  void restore(const Dataset& ds, int64_t rows);

 private:
  int64_t capacity_, obs_dim_, act_dim_, qpos_dim_, qvel_dim_;
  int64_t size_ = 0, added_ = 0, next_ = 0;
  torch::Tensor obs_, act_, next_obs_, rew_, term_, tout_, qpos_, qvel_, logp_;
};

}  // namespace vaco::online
