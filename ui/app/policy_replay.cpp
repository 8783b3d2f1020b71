// Torch-based core code behind replayRunPolicy; core headers come before any Qt header (Qt's
// `slots` macro breaks torch's headers).
#include "core/train/saved_policy.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/replay_from_state.h"
#endif

#include "ui/app/episode_source.h"
#include "ui/app/policy_replay.h"

namespace vaco::ui {

PolicyReplay replayRunPolicy(const QString& runDir, const EpisodeSource& source, int episode) {
  PolicyReplay out;
#ifdef VACO_WITH_MUJOCO
  if (source.bodyEnv().isEmpty()) {
    out.error = "no body to run the policy on: " + source.noBodyReason();
    return out;
  }
  const QVector<float> first = source.observation(episode, 0);
  if (first.isEmpty()) {
    out.error = QString("no episode %1 in the dataset").arg(episode);
    return out;
  }
  try {
    train::SavedPolicy saved = train::load_saved_policy(runDir.toStdString());
    const std::string family = env_family(saved.env_id), body = source.bodyEnv().toStdString();
    if (family != env_family(body)) {
      out.error = QString("the run's policy is for %1, the episodes are %2's")
                      .arg(QString::fromStdString(saved.env_id), source.bodyEnv());
      return out;
    }
    auto env = make_mujoco_env(body);
    if (saved.obs_dim != env->observation_dim()) {
      out.error = QString("the run's policy takes %1 observation values, %2's are %3")
                      .arg(saved.obs_dim).arg(source.bodyEnv()).arg(env->observation_dim());
      return out;
    }
    const auto act = [&saved](std::span<const float> obs, std::span<float> action, Rng&) {
      const torch::Tensor o = torch::from_blob(const_cast<float*>(obs.data()), {1, int64_t(obs.size())}, torch::kFloat32);
      const torch::Tensor a = saved.act(o).to(torch::kFloat32).contiguous();
      std::copy(a.data_ptr<float>(), a.data_ptr<float>() + a.numel(), action.begin());
    };
    const ReplayedEpisode r = replay_from_observation(*env, std::span<const float>(first.data(), size_t(first.size())), act);
    out.poses = QVector<double>(r.poses.begin(), r.poses.end());
    out.rewards = QVector<double>(r.rewards.begin(), r.rewards.end());
    out.terminated = r.terminated;
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what());
  }
#else
  (void)runDir;
  (void)episode;
  out.error = QString("this build has no MuJoCo (VACO_WITH_MUJOCO=OFF): ") + source.noBodyReason();
#endif
  return out;
}

MazeEvaluation evaluateRunInMaze(const QString& runDir, const QString& mazeTask, int episodes) {
  MazeEvaluation out;
#ifdef VACO_WITH_MUJOCO
  try {
    train::SavedPolicy saved = train::load_saved_policy(runDir.toStdString());
    out.task = QString::fromStdString(saved.env_id);
    const AntMazeTask* run = find_ant_maze_task(saved.env_id);
    const AntMazeTask* data = find_ant_maze_task(mazeTask.toStdString());
    if (!run || !data || run->form != data->form || maze_of(*run).wall_cells() != maze_of(*data).wall_cells()) {
      out.error = QString("the run's policy is for %1, not for the maze of %2").arg(out.task, mazeTask);
      return out;
    }
    const EvalResult r = train::evaluate_saved_policy(saved, EvalOptions{.episodes = episodes, .record_paths = true});
    for (size_t i = 0; i < r.paths.size(); ++i) {
      QPolygonF path;
      for (const GroundPoint& p : r.paths[i]) path << QPointF(p[0], p[1]);
      out.paths << path;
      out.goals << QPointF(r.goals[i][0], r.goals[i][1]);
      out.reached << (r.returns[i] > 0.0);  // rewarded only at the goal, in both forms
    }
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what());
  }
#else
  (void)runDir;
  (void)episodes;
  out.error = "this build has no MuJoCo (VACO_WITH_MUJOCO=OFF): no maze for " + mazeTask;
#endif
  return out;
}

}  // namespace vaco::ui
