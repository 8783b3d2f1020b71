// `vaco datagen antmaze`: AntMaze data made as D4RL made them, from a goal-reaching ant trained
// with `vaco sac --env antmaze-goal-reaching-v2`.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/data/dataset.h"
#include "core/online/sac_run_dir.h"

namespace vaco::datagen {

/// How to make one AntMaze dataset.
struct AntMazeDataOptions {
  std::string maze = "umaze";  ///< umaze | medium | large
  std::string mode = "play";   ///< play: start in the start cell; diverse: in a random open cell
  int64_t rows = 1000000;      ///< rows in the file (whole 1000-step episodes; at least one)
  uint64_t seed = 0;           ///< the same seed gives the same dataset
  int64_t checkpoint_step = 0; ///< the policy checkpoint by env steps (0: the run's last)
  double action_noise = 0.2;   ///< D4RL's N(0, 0.2^2) on the policy's mean action, then clipped
  /// Called as rows are made (rows done, rows asked for).
  std::function<void(int64_t, int64_t)> progress;
};

/// Steers the run's policy through the maze of D4RL's data-collection map (the evaluation map
/// with more goal cells on medium and large): at each step it is given the direction to the next
/// waypoint of the shortest path (datagen::maze_waypoint) as its goal; a new goal, drawn from the
/// map's goal cells with D4RL's noise, and a new start come every 1000 steps (timeouts), reaching
/// a goal does not end an episode. Rewards and terminals are D4RL's relabelling (1 where a step
/// ends within 0.5 m of the goal). Rows hold the D4RL form's 29-wide observations, infos/goal,
/// infos/qpos and infos/qvel (the state the row's action was taken in), and metadata naming the
/// run, checkpoint, maze and mode; env_name is the D4RL task ("antmaze-medium-diverse-v2").
/// Throws vaco::Error on an unknown maze or mode, rows < 1000, a run not trained on
/// antmaze-goal-reaching-v2, or a missing checkpoint.
Dataset make_antmaze_dataset(const online::SacRunInfo& run, const AntMazeDataOptions& options);

}  // namespace vaco::datagen
