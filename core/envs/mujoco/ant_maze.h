// AntMaze: the ant in a walled maze, rewarded for reaching a goal; D4RL's v2 tasks and
// gymnasium-robotics' AntMaze_*-v5.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/envs/mujoco/ant.h"
#include "core/envs/mujoco/maze_map.h"

namespace vaco {

/// Which of the two AntMaze implementations a task follows.
enum class AntMazeForm {
  /// D4RL's antmaze-*-v2: D4RL's ant (timestep 0.02, ctrl = 30 a), reset noise, the start cell at
  /// (0, 0), goal = goal cell + U(0, 1) + U(0, 0.5) per axis (clamped at 0), reward 1 within 0.5 m,
  /// the episode ends on reaching it; obs = qpos (15) ++ qvel (14).
  D4RL,
  /// gymnasium-robotics' AntMaze_*-v5: gymnasium's Ant-v5 without reset noise, start and goal
  /// cells drawn from the map with U(-1, 1) per axis, reward 1 within 0.45 m, never terminates
  /// (a continuing task; only the step limit ends it); obs = achieved_goal (2) ++ observation
  /// (105) ++ desired_goal (2).
  GymRobotics,
  /// The goal-reaching ant that D4RL's AntMaze data were made with (GoalReachingAntEnv): D4RL's
  /// ant on open ground, a goal drawn on a disk of radius 10 m around the start, reward
  /// −|xy − goal| every step, no end but the step limit; obs = qpos (15) ++ qvel (14) ++ goal − xy
  /// (2). A run of `vaco sac` on it is the policy `vaco datagen antmaze` steers through a maze.
  GoalReaching,
};

/// One registered AntMaze task.
struct AntMazeTask {
  std::string id;                 ///< "antmaze-umaze-v2", "AntMaze_UMaze-v5"
  AntMazeForm form;
  std::vector<std::string> map;   ///< MazeMap rows
  int64_t max_episode_steps;
  /// D4RL form: whether reaching the goal ends the episode (evaluation) or not (data collection).
  bool ends_at_goal = true;
  /// D4RL form: start in a random open cell (+ U(0, 1) m per axis, D4RL's "diverse" data) rather
  /// than in the start cell.
  bool random_start = false;
  /// Goal-reaching form: the ant starts turned to a heading drawn uniformly in [-pi, pi) about the
  /// vertical, so that its policy learns to walk towards a goal at any bearing (D4RL's starts face +x).
  bool random_heading = false;
};

/// Every AntMaze task, D4RL's first.
const std::vector<AntMazeTask>& ant_maze_tasks();

/// D4RL's data-collection map of "umaze", "medium" or "large": the evaluation layout with the
/// goal cells its data aimed at (1, 3 and 7); throws vaco::Error naming the three otherwise.
const std::vector<std::string>& d4rl_collection_map(const std::string& maze);

/// The task's maze in its form's world frame.
MazeMap maze_of(const AntMazeTask& task);

/// The task `id` names (case, '_' and a D4RL version -v0/-v1/-v2 aside), or nullptr.
const AntMazeTask* find_ant_maze_task(const std::string& id);

/// The ant in a maze. The normalized score of an episode is 100 if it reached the goal, else 0
/// (D4RL's definition: the mean over episodes is 100 x the success rate).
class AntMazeEnv : public AntEnv {
 public:
  /// Builds the task's model (its ant with the map's walls; compiled once per task).
  explicit AntMazeEnv(const AntMazeTask& task);

  /// Draws the goal and the start position, then resets the ant there.
  std::vector<float> reset(uint64_t seed) override;
  /// One step; remembers whether the goal has been reached in this episode.
  StepOutcome step_into(std::span<const float> action, std::span<float> observation) override;
  /// The base state, then the goal and whether it was reached.
  std::vector<double> save_state() const override;
  /// Continues from save_state(); throws vaco::Error when the state does not fit.
  void restore_state(std::span<const double> state) override;
  /// 100 once this episode came within goal_radius() of the goal, else 0.
  std::optional<double> episode_score() const override { return reached_ ? 100.0 : 0.0; }
  /// D4RL's AntMaze protocol: 100 episodes.
  int64_t evaluation_episodes() const override { return 100; }
  /// The torso's x and y.
  std::optional<std::array<double, 2>> ground_position() const override;
  /// The current goal (goal()).
  std::optional<std::array<double, 2>> ground_goal() const override { return goal_; }
  /// Both forms show the torso's x and y (D4RL's first two entries; gymnasium-robotics' achieved_goal).
  int hidden_root_coordinates() const override { return 0; }
  bool forward_reference_lags() const override { return false; }

  /// The task this env runs.
  const AntMazeTask& task() const { return task_; }
  /// The maze, in this form's world frame.
  const MazeMap& maze() const { return maze_; }
  /// The current goal's world xy.
  std::array<double, 2> goal() const { return goal_; }
  /// Moves the goal (the next observation and reward use it); throws on a non-finite value.
  void set_goal(double x, double y);
  /// Distance within which the goal counts as reached (D4RL 0.5, gymnasium-robotics 0.45).
  double goal_radius() const;
  /// Whether the goal has been reached since the last reset.
  bool reached_goal() const { return reached_; }

 protected:
  void write_observation(double* out) const override;
  void add_reset_noise(Rng& rng, double* qpos, double* qvel) const override;
  double reward(double x_before, double x_after, std::span<const float> action) const override;
  bool is_terminated() const override;

 private:
  /// The torso's distance to the goal in the xy plane.
  double goal_distance() const;
  /// Whether the torso is within goal_radius() of the goal.
  bool at_goal() const;

  AntMazeTask task_;
  MazeMap maze_;
  std::array<double, 2> goal_{0.0, 0.0};
  std::array<double, 2> start_{0.0, 0.0};  ///< the drawn start (gymnasium-robotics form)
  double start_heading_ = 0.0;             ///< the drawn heading about the vertical (random_heading)
  bool reached_ = false;
};

}  // namespace vaco
