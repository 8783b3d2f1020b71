#include "core/data/normalization.h"

#include <algorithm>

#include "core/util/error.h"

namespace vaco {

torch::Tensor StateStats::normalize(const torch::Tensor& x) const { return (x - mean) / std; }

torch::Tensor StateStats::denormalize(const torch::Tensor& x) const { return x * std + mean; }

StateStats compute_state_stats(const torch::Tensor& observations, double eps) {
  StateStats s;
  s.mean = observations.mean(0);
  s.std = observations.std(0, /*unbiased=*/false) + eps;
  return s;
}

RewardTransform parse_reward_transform(const std::string& name) {
  if (name == "none") return RewardTransform::None;
  if (name == "locomotion") return RewardTransform::Locomotion;
  if (name == "antmaze-iql") return RewardTransform::AntMazeIQL;
  if (name == "antmaze-cql") return RewardTransform::AntMazeCQL;
  throw Error("unknown reward transform '" + name +
              "' (expected none, locomotion, antmaze-iql or antmaze-cql)");
}

RewardTransform default_reward_transform(const std::string& env_name) {
  if (env_name == "antmaze") return RewardTransform::AntMazeIQL;
  if (env_name == "hopper" || env_name == "walker2d" || env_name == "halfcheetah" ||
      env_name == "ant") {
    return RewardTransform::Locomotion;
  }
  return RewardTransform::None;
}

torch::Tensor transform_rewards(const torch::Tensor& rewards, const Dataset& ds,
                                RewardTransform transform) {
  switch (transform) {
    case RewardTransform::None: return rewards;
    case RewardTransform::AntMazeIQL: return rewards - 1.0;
    case RewardTransform::AntMazeCQL: return rewards * 10.0 - 5.0;
    case RewardTransform::Locomotion: {
      if (ds.episodes.empty()) throw Error("the locomotion reward transform needs the episode index");
      auto [lo, hi] = std::minmax_element(ds.episodes.begin(), ds.episodes.end(),
                                          [](const Episode& a, const Episode& b) { return a.ret < b.ret; });
      const double range = hi->ret - lo->ret;
      if (!(range > 0.0)) {
        throw Error("the locomotion reward transform needs episodes with different returns; all are " +
                    std::to_string(lo->ret));
      }
      return rewards * (1000.0 / range);
    }
  }
  return rewards;
}

}  // namespace vaco
