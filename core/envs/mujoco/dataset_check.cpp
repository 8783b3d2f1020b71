#include "core/envs/mujoco/dataset_check.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/mujoco_env.h"
#include "core/util/error.h"

namespace vaco {

namespace {

torch::Tensor find_info(const Dataset& ds, const std::string& name) {
  for (const std::string& key : {"infos/" + name, name}) {
    if (auto it = ds.infos.find(key); it != ds.infos.end()) return it->second;
  }
  return {};
}

torch::Tensor as_cpu_double(const torch::Tensor& t) {
  return t.to(torch::kCPU, torch::kFloat64).contiguous();
}

void check_width(const std::string& what, int64_t got, int64_t want, const std::string& env_name) {
  if (got != want) {
    throw Error("check-dataset: " + what + " has width " + std::to_string(got) + " but " + env_name +
                " needs " + std::to_string(want));
  }
}

}  // namespace

DatasetCheckResult check_dataset(const Dataset& ds, Env& env, double tolerance, int64_t max_rows) {
  auto* mj = dynamic_cast<MujocoEnv*>(&env);
  if (mj == nullptr) throw Error("check-dataset: environment '" + env.name() + "' has no physics state to set");
  const torch::Tensor qpos_t = find_info(ds, "qpos"), qvel_t = find_info(ds, "qvel");
  if (!qpos_t.defined() || !qvel_t.defined()) {
    throw Error("check-dataset: dataset '" + ds.name + "' has no infos/qpos and infos/qvel to replay");
  }
  const int64_t n = ds.size();
  if (qpos_t.dim() != 2 || qvel_t.dim() != 2 || qpos_t.size(0) != n || qvel_t.size(0) != n) {
    throw Error("check-dataset: infos/qpos and infos/qvel must be 2-D with one row per step");
  }
  check_width("infos/qpos", qpos_t.size(1), mj->qpos_dim(), env.name());
  check_width("infos/qvel", qvel_t.size(1), mj->qvel_dim(), env.name());
  check_width("observations", ds.obs_dim(), env.observation_dim(), env.name());
  check_width("actions", ds.act_dim(), env.action_dim(), env.name());

  // AntMaze: each row's goal, from infos/goal, else from the observation's end (gymnasium-robotics'
  // desired_goal); D4RL's observation does not hold it.
  auto* maze = dynamic_cast<AntMazeEnv*>(&env);
  torch::Tensor goals;
  if (maze != nullptr) {
    goals = find_info(ds, "goal");
    if (!goals.defined() && maze->task().form == AntMazeForm::GymRobotics) goals = ds.observations.narrow(1, ds.obs_dim() - 2, 2);
    if (!goals.defined()) throw Error("check-dataset: AntMaze dataset '" + ds.name + "' has no infos/goal to replay its rewards");
    if (goals.dim() != 2 || goals.size(0) != n) throw Error("check-dataset: infos/goal must be 2-D with one row per step");
    check_width("infos/goal", goals.size(1), 2, env.name());
    goals = as_cpu_double(goals);
  }

  const torch::Tensor qpos = as_cpu_double(qpos_t), qvel = as_cpu_double(qvel_t);
  const torch::Tensor obs = as_cpu_double(ds.observations);
  const torch::Tensor next = ds.has_next_observations() ? as_cpu_double(ds.next_observations) : torch::Tensor();
  const torch::Tensor act = ds.actions.to(torch::kCPU, torch::kFloat32).contiguous();
  const torch::Tensor rew = as_cpu_double(ds.rewards), term = as_cpu_double(ds.terminals);
  const torch::Tensor tout = ds.timeouts.defined() ? as_cpu_double(ds.timeouts) : torch::zeros({n}, torch::kFloat64);

  const int64_t nq = mj->qpos_dim(), nv = mj->qvel_dim(), od = env.observation_dim(), ad = env.action_dim();
  const double* qp = qpos.data_ptr<double>();
  const double* qv = qvel.data_ptr<double>();
  const double* ob = obs.data_ptr<double>();
  const double* nx = next.defined() ? next.data_ptr<double>() : nullptr;
  const float* ac = act.data_ptr<float>();
  const double* rw = rew.data_ptr<double>();
  const double* tm = term.data_ptr<double>();
  const double* to = tout.data_ptr<double>();

  DatasetCheckResult res;
  res.rows_total = n;
  res.tolerance = tolerance;
  const int64_t rows = max_rows > 0 ? std::min(n, max_rows) : n;
  for (int64_t i = 0; i < rows; ++i) {
    // Inside an episode, an env whose reward reference lags (Ant) keeps the one our replay of
    // the previous row left, as the recording did; an episode's first row starts from a reset.
    const bool continues = i > 0 && tm[i - 1] == 0.0 && to[i - 1] == 0.0;
    mj->set_state({qp + i * nq, size_t(nq)}, {qv + i * nv, size_t(nv)}, continues && mj->forward_reference_lags());
    if (maze != nullptr) maze->set_goal(goals.data_ptr<double>()[2 * i], goals.data_ptr<double>()[2 * i + 1]);
    const std::span<const float> a(ac + i * ad, size_t(ad));
    if (!std::all_of(a.begin(), a.end(), [](float x) { return std::isfinite(x); })) {
      throw Error("check-dataset: row " + std::to_string(i) + " has a non-finite action");
    }
    const StepResult step = mj->step(a);
    const std::vector<double> ours = mj->observation64();
    // The file's next observation: next_observations, else the following row of the same episode.
    const double* want = nullptr;
    if (nx != nullptr) {
      want = nx + i * od;
    } else if (i + 1 < n && tm[i] == 0.0 && to[i] == 0.0) {
      want = ob + (i + 1) * od;
    }
    const auto close = [tolerance](double e, double ref) { return e <= tolerance * (1.0 + std::abs(ref)); };
    bool obs_ok = true;
    if (want != nullptr) {
      for (int64_t j = 0; j < od; ++j) {
        double e = std::abs(ours[size_t(j)] - want[j]);
        if (std::isnan(e)) e = INFINITY;
        obs_ok = obs_ok && close(e, want[j]);
        if (e > res.max_obs_error || res.max_obs_error_row < 0) {
          res.max_obs_error = e;
          res.max_obs_error_row = i;
          res.max_obs_error_index = j;
          res.max_obs_error_value = want[j];
        }
      }
    } else {
      ++res.rows_without_next_obs;
    }
    double rew_err = std::abs(step.reward - rw[i]);
    if (std::isnan(rew_err)) rew_err = INFINITY;
    const bool term_ok = step.terminated == (tm[i] != 0.0);
    res.max_reward_error = std::max(res.max_reward_error, rew_err);
    if (!term_ok) ++res.terminal_mismatches;
    if (obs_ok && close(rew_err, rw[i]) && term_ok) {
      ++res.rows_matched;
    } else if (res.first_mismatch_row < 0) {
      res.first_mismatch_row = i;
    }
    ++res.rows_checked;
  }
  res.match_fraction = res.rows_checked > 0 ? double(res.rows_matched) / double(res.rows_checked) : 0.0;
  return res;
}

}  // namespace vaco
