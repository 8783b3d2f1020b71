#include "core/envs/mujoco/rollout.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/mujoco_env.h"
#include "core/util/error.h"

namespace vaco {

namespace {

// The first rows x cols values as a [rows, cols] tensor ([rows] when cols is 0) of their type.
template <class T>
torch::Tensor to_tensor(const std::vector<T>& values, int64_t rows, int64_t cols) {
  torch::Tensor t = torch::empty(cols > 0 ? std::vector<int64_t>{rows, cols} : std::vector<int64_t>{rows},
                                 std::is_same_v<T, double> ? torch::kFloat64 : torch::kFloat32);
  std::copy_n(values.begin(), t.numel(), t.data_ptr<T>());
  return t;
}

// The one rollout loop: whole episodes until `episodes` are done or `max_rows` rows are recorded
// (then the episode past max_rows is dropped); with `log_probs`, infos/action_log_probs too.
Dataset record(Env& env, int64_t episodes, int64_t max_rows, uint64_t seed, const SamplingPolicy& policy,
               const std::string& label, bool log_probs, const std::function<void(int64_t)>& progress) {
  auto* mj = dynamic_cast<MujocoEnv*>(&env);
  auto* maze = dynamic_cast<AntMazeEnv*>(&env);
  const int64_t od = env.observation_dim(), ad = env.action_dim();
  const int64_t nq = mj ? mj->qpos_dim() : 0, nv = mj ? mj->qvel_dim() : 0;
  std::vector<float> obs, next, act, rew, term, tout, logp;
  std::vector<double> qpos, qvel, goal;  // the exact simulator state (and AntMaze's goal), written as float64
  Rng rng(seed);
  std::vector<float> a(static_cast<size_t>(ad)), o_next(static_cast<size_t>(od));
  int64_t n = 0, kept = 0;
  for (int64_t e = 0; (episodes <= 0 || e < episodes) && (max_rows <= 0 || kept < max_rows); ++e) {
    std::vector<float> o = env.reset(rng.next());
    for (int64_t t = 0; t < env.max_episode_steps(); ++t) {
      const float lp = policy(o, a, rng);
      for (size_t i = 0; i < a.size(); ++i) {
        if (!std::isfinite(a[i])) {
          throw Error("rollout: the policy gave a non-finite action[" + std::to_string(i) + "] at step " +
                      std::to_string(t) + " of episode " + std::to_string(e));
        }
      }
      if (mj != nullptr) {
        qpos.insert(qpos.end(), mj->qpos().begin(), mj->qpos().end());
        qvel.insert(qvel.end(), mj->qvel().begin(), mj->qvel().end());
      }
      if (maze != nullptr) goal.insert(goal.end(), {maze->goal()[0], maze->goal()[1]});
      const StepOutcome r = env.step_into(a, o_next);
      obs.insert(obs.end(), o.begin(), o.end());
      act.insert(act.end(), a.begin(), a.end());
      next.insert(next.end(), o_next.begin(), o_next.end());
      rew.push_back(float(r.reward));
      logp.push_back(lp);
      term.push_back(r.terminated ? 1.0f : 0.0f);
      const bool timeout = !r.terminated && (r.truncated || t + 1 == env.max_episode_steps());
      tout.push_back(timeout ? 1.0f : 0.0f);
      ++n;
      if (r.terminated || timeout) break;
      o.swap(o_next);
    }
    if (max_rows > 0 && n > max_rows) {
      if (kept == 0) {
        throw Error("rollout: the first episode has " + std::to_string(n) + " steps, more than the " +
                    std::to_string(max_rows) + " rows asked for");
      }
      break;
    }
    kept = n;
    if (progress) progress(kept);
  }
  n = kept;
  Dataset ds;
  ds.name = env.name() + "-" + label;
  ds.env_name = env.name();
  ds.observations = to_tensor(obs, n, od);
  ds.actions = to_tensor(act, n, ad);
  ds.next_observations = to_tensor(next, n, od);
  ds.rewards = to_tensor(rew, n, 0);
  ds.terminals = to_tensor(term, n, 0);
  ds.timeouts = to_tensor(tout, n, 0);
  ds.keys = {"actions", "next_observations", "observations", "rewards", "terminals", "timeouts"};
  if (mj != nullptr) {
    ds.infos["infos/qpos"] = to_tensor(qpos, n, nq);
    ds.infos["infos/qvel"] = to_tensor(qvel, n, nv);
    ds.keys.insert(ds.keys.begin() + 1, {"infos/qpos", "infos/qvel"});
  }
  if (maze != nullptr) {
    ds.infos["infos/goal"] = to_tensor(goal, n, 2);
    ds.keys.insert(ds.keys.begin() + 1, "infos/goal");
  }
  if (log_probs) {
    ds.infos["infos/action_log_probs"] = to_tensor(logp, n, 0);
    ds.keys.insert(ds.keys.begin() + 1, "infos/action_log_probs");
  }
  index_episodes(ds);
  return ds;
}

}  // namespace

Dataset rollout(Env& env, int64_t episodes, uint64_t seed, const RolloutPolicy& policy, const std::string& label) {
  if (episodes < 1) throw Error("rollout: episodes must be >= 1, got " + std::to_string(episodes));
  const SamplingPolicy sampling = [&policy](std::span<const float> o, std::span<float> a, Rng& rng) {
    policy(o, a, rng);
    return 0.0f;
  };
  return record(env, episodes, 0, seed, sampling, label, false, {});
}

Dataset rollout_rows(Env& env, int64_t rows, uint64_t seed, const SamplingPolicy& policy, const std::string& label,
                     const std::function<void(int64_t)>& progress) {
  if (rows < 1) throw Error("rollout: rows must be >= 1, got " + std::to_string(rows));
  return record(env, 0, rows, seed, policy, label, true, progress);
}

}  // namespace vaco
