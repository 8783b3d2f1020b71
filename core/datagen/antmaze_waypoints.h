// How D4RL made its AntMaze data, apart from the goal-reaching ant itself: waypoints along the
// maze's shortest path, and the rewards relabelled from where each step ended.
#pragma once
#include <array>
#include <cstdint>

#include "core/data/dataset.h"
#include "core/envs/mujoco/maze_map.h"
#include "core/util/rng.h"

namespace vaco::datagen {

/// The point a goal-reaching ant at `robot` is sent to on its way to `goal` (D4RL's navigation
/// policy): the goal itself once the next cell on the shortest path is the goal's cell, else that
/// next cell's centre plus U(0, 1) m per axis, drawn anew at every call. Both positions are placed
/// in cells as D4RL's navigation places them (MazeMap::navigation_cell_of), so the ant turns into a
/// corridor only once past the corner's centre. Throws vaco::Error when no path exists.
std::array<double, 2> maze_waypoint(const MazeMap& maze, std::array<double, 2> robot, std::array<double, 2> goal, Rng& rng);

/// D4RL's relabelling: reward_t = terminal_t = 1 when the step ended within `radius` of the row's
/// goal (next_observations[:, :2] against infos/goal); the episodes are indexed anew, as the
/// terminals changed. Returns the number of rewarded rows. Throws
/// vaco::Error when the dataset has no next_observations or no infos/goal of one row per step.
int64_t relabel_antmaze_rewards(Dataset& ds, double radius = 0.5);

}  // namespace vaco::datagen
