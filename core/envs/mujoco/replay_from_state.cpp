#include "core/envs/mujoco/replay_from_state.h"

#include <cmath>
#include <string>

#include "core/util/error.h"

namespace vaco {

JointState state_from_observation(const MujocoEnv& env, std::span<const float> observation) {
  const int64_t nq = env.qpos_dim(), nv = env.qvel_dim(), hidden = env.hidden_root_coordinates();
  const int64_t needed = nq - hidden + nv;
  if (int64_t(observation.size()) < needed || int64_t(observation.size()) != env.observation_dim())
    throw Error(env.name() + ": an observation of " + std::to_string(observation.size()) + " values, the body's are " +
                std::to_string(env.observation_dim()) + " wide");
  for (float x : observation)
    if (!std::isfinite(x)) throw Error(env.name() + ": the observation has a non-finite value");
  JointState s;
  s.qpos.assign(size_t(nq), 0.0);
  for (int64_t i = hidden; i < nq; ++i) s.qpos[size_t(i)] = observation[size_t(i - hidden)];
  s.qvel.assign(observation.begin() + (nq - hidden), observation.begin() + needed);
  return s;
}

ReplayedEpisode replay_from_observation(MujocoEnv& env, std::span<const float> first_observation,
                                        const RolloutPolicy& policy, int64_t max_steps) {
  const JointState start = state_from_observation(env, first_observation);
  (void)env.reset(0);
  env.set_state(start.qpos, start.qvel);
  const int64_t nq = env.qpos_dim();
  const int64_t limit = max_steps > 0 ? std::min(max_steps, env.max_episode_steps()) : env.max_episode_steps();
  std::vector<double> obs64 = env.observation64();
  std::vector<float> obs(obs64.begin(), obs64.end()), action(size_t(env.action_dim()));
  Rng rng(0);
  ReplayedEpisode r;
  for (int64_t t = 0; t < limit; ++t) {
    r.poses.insert(r.poses.end(), env.qpos().begin(), env.qpos().begin() + nq);
    policy(obs, action, rng);
    for (float a : action)
      if (!std::isfinite(a)) throw Error(env.name() + ": the policy gave a non-finite action at step " + std::to_string(t));
    const StepOutcome out = env.step_into(action, obs);
    r.rewards.push_back(out.reward);
    if (out.terminated) {
      r.terminated = true;
      break;
    }
    if (out.truncated) break;
  }
  return r;
}

}  // namespace vaco
