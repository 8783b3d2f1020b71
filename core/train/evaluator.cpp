#include "core/train/evaluator.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <numeric>

#include "core/util/error.h"

namespace vaco {

namespace {
double mean_of(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}
double std_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean_of(v);
  double s = 0.0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size()));
}
}  // namespace

EvalResult evaluate_policy(const EnvFactory& make_env, const BatchPolicy& policy, const EvalOptions& opt) {
  if (opt.episodes < 1 || opt.episodes > 100000) {
    throw Error("evaluation: episodes must be between 1 and 100000, got " + std::to_string(opt.episodes));
  }
  const int64_t n = opt.episodes;
  std::vector<std::unique_ptr<Env>> envs;
  envs.reserve(size_t(n));
  for (int64_t i = 0; i < n; ++i) envs.push_back(make_env());
  const int64_t obs_dim = envs[0]->observation_dim(), act_dim = envs[0]->action_dim();

  torch::Tensor obs = torch::empty({n, obs_dim}, torch::kFloat32);
  std::vector<ReferenceReturns> refs(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const std::vector<float> o = envs[size_t(i)]->reset(opt.seed + uint64_t(i));
    std::copy(o.begin(), o.end(), obs[i].data_ptr<float>());
    refs[size_t(i)] = envs[size_t(i)]->reference_returns();
  }
  EvalResult result;
  const bool paths = opt.record_paths && envs[0]->ground_position().has_value();
  if (paths) {
    result.paths.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i) result.paths[size_t(i)].push_back(*envs[size_t(i)]->ground_position());
    if (envs[0]->ground_goal()) {
      for (int64_t i = 0; i < n; ++i) result.goals.push_back(*envs[size_t(i)]->ground_goal());
    }
  }
  std::vector<double> returns(static_cast<size_t>(n), 0.0);
  std::vector<std::optional<double>> outcomes(static_cast<size_t>(n));
  std::vector<int64_t> live(static_cast<size_t>(n));
  std::iota(live.begin(), live.end(), 0);
  while (!live.empty()) {
    const torch::Tensor index = torch::tensor(live, torch::kInt64);
    torch::Tensor actions;
    {
      torch::NoGradGuard no_grad;
      actions = policy(obs.index_select(0, index)).to(torch::kCPU, torch::kFloat32).contiguous();
    }
    if (actions.dim() != 2 || actions.size(0) != int64_t(live.size()) || actions.size(1) != act_dim) {
      throw Error("evaluation: the policy returned shape " + std::to_string(actions.dim() ? actions.size(0) : 0) +
                  " x " + std::to_string(actions.dim() > 1 ? actions.size(1) : 0) + "; expected " +
                  std::to_string(live.size()) + " x " + std::to_string(act_dim));
    }
    std::vector<int64_t> still;
    float* const obs_rows = obs.data_ptr<float>();
    const float* const action_rows = actions.data_ptr<float>();
    for (size_t k = 0; k < live.size(); ++k) {
      const int64_t i = live[k];
      const float* a = action_rows + int64_t(k) * act_dim;
      // The next observation goes straight into the episode's row (unused once it ends).
      const StepOutcome r = envs[size_t(i)]->step_into(std::span<const float>(a, size_t(act_dim)),
                                                       std::span<float>(obs_rows + i * obs_dim, size_t(obs_dim)));
      returns[size_t(i)] += r.reward;
      ++result.steps;
      if (paths) result.paths[size_t(i)].push_back(*envs[size_t(i)]->ground_position());
      if (r.terminated || r.truncated) {
        outcomes[size_t(i)] = envs[size_t(i)]->episode_score();
        continue;
      }
      still.push_back(i);
    }
    live.swap(still);
  }
  ReferenceReturns mean_ref;
  mean_ref.random = mean_ref.expert = 0.0;
  for (const ReferenceReturns& r : refs) {
    mean_ref.random += r.random / double(n);
    mean_ref.expert += r.expert / double(n);
  }
  if (opt.reference) mean_ref = *opt.reference;
  result.episodes = n;
  result.returns = returns;
  for (double r : returns) result.scores.push_back(normalized_score(r, mean_ref));
  result.return_mean = mean_of(returns);
  result.return_std = std_of(returns);
  result.score_mean = normalized_score(result.return_mean, mean_ref);
  // Tasks scored by outcome (AntMaze: 100 x success) replace the return-based scores.
  if (!opt.reference && std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.has_value(); })) {
    for (size_t i = 0; i < outcomes.size(); ++i) result.scores[i] = *outcomes[i];
    result.score_mean = mean_of(result.scores);
  }
  result.score_std = std_of(result.scores);
  return result;
}

}  // namespace vaco
