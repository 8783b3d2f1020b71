#include "core/datagen/antmaze_datagen.h"

#include <algorithm>
#include <cmath>

#include "core/datagen/antmaze_waypoints.h"
#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/rollout.h"
#include "core/util/error.h"

namespace vaco::datagen {

namespace {

constexpr int64_t kEpisodeSteps = 1000;  // D4RL's data episodes: a new goal every 1000 steps

// D4RL's name of the dataset's task: antmaze-umaze-v2, antmaze-umaze-diverse-v2, antmaze-medium-play-v2, ...
std::string task_id(const std::string& maze, const std::string& mode) {
  if (maze == "umaze") return mode == "play" ? "antmaze-umaze-v2" : "antmaze-umaze-diverse-v2";
  return "antmaze-" + maze + "-" + mode + "-v2";
}

// The checkpoint at `step` env steps, or the run's last when `step` is 0.
const online::PolicyCheckpoint& pick_checkpoint(const online::SacRunInfo& run, int64_t step) {
  if (step != 0) return online::checkpoint_at(run, step, "--checkpoint");
  if (run.checkpoints.empty()) throw Error(run.dir + ": the run has no policy checkpoints yet");
  return run.checkpoints.back();
}

}  // namespace

Dataset make_antmaze_dataset(const online::SacRunInfo& run, const AntMazeDataOptions& o) {
  if (o.mode != "play" && o.mode != "diverse") throw Error("unknown mode '" + o.mode + "' (expected play or diverse)");
  const AntMazeTask task{task_id(o.maze, o.mode), AntMazeForm::D4RL, d4rl_collection_map(o.maze), kEpisodeSteps,
                         /*ends_at_goal=*/false, /*random_start=*/o.mode == "diverse"};
  if (o.rows < kEpisodeSteps) throw Error("--rows must be at least one episode (1000), got " + std::to_string(o.rows));
  if (!(o.action_noise >= 0.0)) throw Error("the action noise must be >= 0");
  const AntMazeTask* goal_task = find_ant_maze_task(run.config.env);
  if (goal_task == nullptr || goal_task->form != AntMazeForm::GoalReaching) {
    std::string goal_reaching;
    for (const AntMazeTask& t : ant_maze_tasks()) {
      if (t.form == AntMazeForm::GoalReaching) goal_reaching += (goal_reaching.empty() ? "" : " or ") + t.id;
    }
    throw Error(run.dir + " was trained on '" + run.config.env + "'; AntMaze data need a `vaco sac` run on " + goal_reaching);
  }
  const online::PolicyCheckpoint& checkpoint = pick_checkpoint(run, o.checkpoint_step);
  nets::GaussianPolicy policy = online::load_sac_policy(run, checkpoint);

  AntMazeEnv env(task);
  const int64_t od = env.observation_dim(), ad = env.action_dim();
  if (policy->act_dim != ad || run.obs_dim != od + 2) {
    throw Error(checkpoint.path + ": the policy does not fit the maze's ant (" + std::to_string(run.obs_dim) + " inputs, " +
                std::to_string(policy->act_dim) + " actions)");
  }
  std::vector<float> input(size_t(od + 2));
  const SamplingPolicy steer = [&](std::span<const float> obs, std::span<float> action, Rng& rng) {
    const std::array<double, 2> xy{env.qpos()[0], env.qpos()[1]};
    const auto waypoint = maze_waypoint(env.maze(), xy, env.goal(), rng);
    std::copy(obs.begin(), obs.end(), input.begin());
    input[size_t(od)] = float(waypoint[0] - xy[0]);
    input[size_t(od + 1)] = float(waypoint[1] - xy[1]);
    torch::NoGradGuard no_grad;
    const torch::Tensor mean = policy->mean_action(torch::from_blob(input.data(), {1, od + 2}, torch::kFloat32)).contiguous();
    const float* m = mean.data_ptr<float>();
    for (int64_t i = 0; i < ad; ++i) action[size_t(i)] = float(std::clamp(double(m[i]) + o.action_noise * rng.normal(), -1.0, 1.0));
    return 0.0f;
  };
  const auto progress = [&o](int64_t done) {
    if (o.progress) o.progress(done, o.rows);
  };
  Dataset ds = rollout_rows(env, o.rows, o.seed, steer, "sac", progress);
  // The noisy actions' log-probabilities are not the policy's: the file leaves them out, as D4RL's did.
  ds.infos.erase("infos/action_log_probs");
  ds.keys.erase(std::remove(ds.keys.begin(), ds.keys.end(), "infos/action_log_probs"), ds.keys.end());
  relabel_antmaze_rewards(ds);
  ds.name = task.id + "-sac";
  ds.env_name = task.id;
  ds.metadata["metadata/algorithm"] = "SAC";
  ds.metadata["metadata/iteration"] = std::to_string(checkpoint.env_steps);
  ds.metadata["metadata/maze"] = o.maze;
  ds.metadata["metadata/mode"] = o.mode;
  ds.metadata["metadata/sac_run"] = run.dir;
  return ds;
}

}  // namespace vaco::datagen
