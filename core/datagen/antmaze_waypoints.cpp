#include "core/datagen/antmaze_waypoints.h"

#include "core/data/episodes.h"
#include "core/util/error.h"

namespace vaco::datagen {

std::array<double, 2> maze_waypoint(const MazeMap& maze, std::array<double, 2> robot, std::array<double, 2> goal, Rng& rng) {
  const auto here = maze.navigation_cell_of(robot[0], robot[1]);
  const auto target = maze.navigation_cell_of(goal[0], goal[1]);
  const auto next = maze.next_cell_towards(here, target);
  if (next == target) return goal;
  const auto centre = maze.cell_centre(next[0], next[1]);
  const double dx = rng.uniform(0.0, 1.0), dy = rng.uniform(0.0, 1.0);
  return {centre[0] + dx, centre[1] + dy};
}

int64_t relabel_antmaze_rewards(Dataset& ds, double radius) {
  const int64_t n = ds.size();
  if (!ds.has_next_observations()) throw Error("relabel: dataset '" + ds.name + "' has no next_observations");
  const auto goal_it = ds.infos.find("infos/goal");
  if (goal_it == ds.infos.end()) throw Error("relabel: dataset '" + ds.name + "' has no infos/goal");
  const torch::Tensor goal = goal_it->second.to(torch::kFloat64);
  if (goal.dim() != 2 || goal.size(0) != n || goal.size(1) != 2) {
    throw Error("relabel: infos/goal of dataset '" + ds.name + "' must hold one (x, y) per row");
  }
  const torch::Tensor xy = ds.next_observations.narrow(1, 0, 2).to(torch::kFloat64);
  const torch::Tensor reached = (xy - goal).pow(2).sum(1).sqrt() <= radius;
  ds.rewards = reached.to(ds.rewards.scalar_type());
  ds.terminals = reached.to(ds.terminals.scalar_type());
  index_episodes(ds);
  return reached.sum().item<int64_t>();
}

}  // namespace vaco::datagen
