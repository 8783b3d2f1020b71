#include "core/envs/mujoco/rollout.h"

#include <cmath>
#include <vector>

#include "core/envs/mujoco/mujoco_env.h"
#include "core/util/error.h"

namespace vaco {

namespace {

torch::Tensor to_tensor(const std::vector<float>& values, int64_t rows, int64_t cols) {
  torch::Tensor t = torch::empty(cols > 0 ? std::vector<int64_t>{rows, cols} : std::vector<int64_t>{rows},
                                 torch::kFloat32);
  std::copy(values.begin(), values.end(), t.data_ptr<float>());
  return t;
}

}  // namespace

Dataset rollout(Env& env, int64_t episodes, uint64_t seed, const RolloutPolicy& policy, const std::string& label) {
  if (episodes < 1) throw Error("rollout: episodes must be >= 1, got " + std::to_string(episodes));
  auto* mj = dynamic_cast<MujocoEnv*>(&env);
  const int64_t od = env.observation_dim(), ad = env.action_dim();
  const int64_t nq = mj ? mj->qpos_dim() : 0, nv = mj ? mj->qvel_dim() : 0;
  std::vector<float> obs, next, act, rew, term, tout, qpos, qvel;
  Rng rng(seed);
  std::vector<float> a(static_cast<size_t>(ad)), o_next(static_cast<size_t>(od));
  int64_t n = 0;
  for (int64_t e = 0; e < episodes; ++e) {
    std::vector<float> o = env.reset(rng.next());
    for (int64_t t = 0; t < env.max_episode_steps(); ++t) {
      policy(o, a, rng);
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
      const StepOutcome r = env.step_into(a, o_next);
      obs.insert(obs.end(), o.begin(), o.end());
      act.insert(act.end(), a.begin(), a.end());
      next.insert(next.end(), o_next.begin(), o_next.end());
      rew.push_back(float(r.reward));
      term.push_back(r.terminated ? 1.0f : 0.0f);
      const bool timeout = !r.terminated && (r.truncated || t + 1 == env.max_episode_steps());
      tout.push_back(timeout ? 1.0f : 0.0f);
      ++n;
      if (r.terminated || timeout) break;
      o.swap(o_next);
    }
  }
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
  index_episodes(ds);
  return ds;
}

}  // namespace vaco
