#include "core/envs/mujoco/ant_maze.h"

#include <algorithm>
#include <cmath>

#include "core/envs/mujoco/env_id.h"
#include "core/util/error.h"

namespace vaco {

namespace {

constexpr double kD4rlGoalRadius = 0.5;
constexpr double kGymRoboticsGoalRadius = 0.45;
constexpr int kGoalValues = 2;
constexpr double kGoalDiskRadius = 10.0;  // D4RL's disk_goal_sampler

std::vector<std::string> rows_of(std::initializer_list<const char*> rows) { return {rows.begin(), rows.end()}; }

// env_id_key, without a trailing D4RL version (-v0, -v1, -v2) of an antmaze- id.
std::string task_key(const std::string& id) {
  const std::string key = env_id_key(id);
  if (key.rfind("antmaze-", 0) == 0) {
    for (const char* v : {"-v0", "-v1", "-v2"}) {
      if (key.size() > 3 && key.compare(key.size() - 3, 3, v) == 0) return key.substr(0, key.size() - 3);
    }
  }
  return key;
}

// Adds the map's walls (boxes named block_<i>_<j>) and, for gymnasium-robotics, its "target"
// site, to the world body, as both implementations write them into the ant's MJCF.
ModelEdit wall_builder(const MazeMap& maze, AntMazeForm form) {
  return [maze, form](mjSpec* spec) {
    mjsBody* world = mjs_findBody(spec, "world");
    if (world == nullptr) throw Error("antmaze: the ant model has no world body");
    const mjsDefault* main = mjs_getSpecDefault(spec);
    for (const auto& [i, j] : maze.wall_cells()) {
      mjsGeom* g = mjs_addGeom(world, main);
      mjs_setName(g->element, ("block_" + std::to_string(i) + "_" + std::to_string(j)).c_str());
      const auto [x, y] = maze.cell_centre(i, j);
      g->type = mjGEOM_BOX;
      g->pos[0] = x;
      g->pos[1] = y;
      g->pos[2] = kMazeWallHalfHeight;
      g->size[0] = g->size[1] = kMazeCellSize / 2.0;
      g->size[2] = kMazeWallHalfHeight;
      g->contype = 1;
      g->conaffinity = 1;
      const float rgba[4] = {0.7f, 0.5f, 0.3f, 1.0f};
      std::copy(rgba, rgba + 4, g->rgba);
    }
    if (form == AntMazeForm::GymRobotics) {
      mjsSite* s = mjs_addSite(world, main);
      mjs_setName(s->element, "target");
      s->type = mjGEOM_SPHERE;
      s->pos[0] = s->pos[1] = 0.0;
      s->pos[2] = kMazeWallHalfHeight;
      s->size[0] = 0.2 * kMazeCellSize;
      const float rgba[4] = {1.0f, 0.0f, 0.0f, 0.7f};
      std::copy(rgba, rgba + 4, s->rgba);
    }
  };
}

MujocoTaskSpec maze_spec(const AntMazeTask& task, const MazeMap& maze) {
  const bool d4rl = task.form != AntMazeForm::GymRobotics;  // D4RL's ant (the goal-reaching one too)
  const int64_t width = task.form == AntMazeForm::GymRobotics ? 2 + 13 + 14 + 78 + kGoalValues
                        : task.form == AntMazeForm::D4RL      ? 15 + 14
                                                              : 15 + 14 + kGoalValues;
  MujocoTaskSpec spec{.name = task.id,
                      .model_file = d4rl ? "ant_d4rl.xml" : "ant.xml",
                      .frame_skip = 5,
                      .observation_dim = width,
                      .nq = 15,
                      .nv = 14,
                      .nu = 8,
                      .max_episode_steps = task.max_episode_steps,
                      .reference = {0.0, 1.0},
                      .contact_forces = !d4rl};
  if (task.form != AntMazeForm::GoalReaching) {  // open ground: the ant's own model, no walls
    spec.model_edit = wall_builder(maze, task.form);
    spec.model_variant = task.id;
  }
  if (d4rl) {
    spec.ctrl_low = -30.0;
    spec.ctrl_high = 30.0;
  }
  return spec;
}

}  // namespace

namespace {

// D4RL's evaluation maps (U_MAZE_TEST, BIG_MAZE_TEST, HARDEST_MAZE_TEST: one start R, one goal G).
const std::vector<std::string> kD4rlUmaze = {"11111", "1R001", "11101", "1G001", "11111"};
const std::vector<std::string> kD4rlMedium = {"11111111", "1R011001", "10010001", "11000111",
                                              "10010001", "10100101", "100010G1", "11111111"};
const std::vector<std::string> kD4rlLarge = {"111111111111", "1R0001000001", "101101010101", "100000010001", "101111011101",
                                             "100101000001", "110101010111", "100100010G01", "111111111111"};
// The same layouts with the goal cells D4RL's data aimed at (BIG_MAZE, HARDEST_MAZE), which are
// also gymnasium-robotics' *_DIVERSE_G maps.
const std::vector<std::string> kMediumGoals = {"11111111", "1R011001", "100100G1", "11000111",
                                               "10010001", "1G100101", "10001G01", "11111111"};
const std::vector<std::string> kLargeGoals = {"111111111111", "1R0001G00001", "101101010101", "10000G0100G1", "101111011101",
                                              "10G101000001", "110101010111", "1001G0G10G01", "111111111111"};

}  // namespace

const std::vector<AntMazeTask>& ant_maze_tasks() {
  static const std::vector<AntMazeTask> tasks = [] {
    // gymnasium-robotics' maps of the three layouts: unmarked (goals and starts anywhere), the
    // goal cells above, and those cells as both goals and starts (C).
    const auto gr_umaze = rows_of({"11111", "10001", "11101", "10001", "11111"});
    const auto gr_medium = rows_of({"11111111", "10011001", "10010001", "11000111", "10010001", "10100101", "10001001", "11111111"});
    const auto gr_medium_gr = rows_of({"11111111", "1C011001", "100100C1", "11000111", "10010001", "1C100101", "10001C01", "11111111"});
    const auto gr_large = rows_of({"111111111111", "100001000001", "101101010101", "100000010001", "101111011101",
                                   "100101000001", "110101010111", "100100010001", "111111111111"});
    const auto gr_large_gr = rows_of({"111111111111", "1C0001C00001", "101101010101", "10000C0100C1", "101111011101",
                                      "10C101000001", "110101010111", "1001C0C10C01", "111111111111"});
    using F = AntMazeForm;
    return std::vector<AntMazeTask>{
        {"antmaze-umaze-v2", F::D4RL, kD4rlUmaze, 700},
        {"antmaze-umaze-diverse-v2", F::D4RL, kD4rlUmaze, 700},
        {"antmaze-medium-play-v2", F::D4RL, kD4rlMedium, 1000},
        {"antmaze-medium-diverse-v2", F::D4RL, kD4rlMedium, 1000},
        {"antmaze-large-play-v2", F::D4RL, kD4rlLarge, 1000},
        {"antmaze-large-diverse-v2", F::D4RL, kD4rlLarge, 1000},
        {"AntMaze_UMaze-v5", F::GymRobotics, gr_umaze, 700},
        {"AntMaze_Medium-v5", F::GymRobotics, gr_medium, 1000},
        {"AntMaze_Medium_Diverse_G-v5", F::GymRobotics, kMediumGoals, 1000},
        {"AntMaze_Medium_Diverse_GR-v5", F::GymRobotics, gr_medium_gr, 1000},
        {"AntMaze_Large-v5", F::GymRobotics, gr_large, 1000},
        {"AntMaze_Large_Diverse_G-v5", F::GymRobotics, kLargeGoals, 1000},
        {"AntMaze_Large_Diverse_GR-v5", F::GymRobotics, gr_large_gr, 1000},
        {"antmaze-goal-reaching-v2", F::GoalReaching, {"0"}, 500},
        {"antmaze-goal-reaching-any-heading-v2", F::GoalReaching, {"0"}, 500, true, false, /*random_heading=*/true},
    };
  }();
  return tasks;
}

const std::vector<std::string>& d4rl_collection_map(const std::string& maze) {
  if (maze == "umaze") return kD4rlUmaze;
  if (maze == "medium") return kMediumGoals;
  if (maze == "large") return kLargeGoals;
  throw Error("unknown maze '" + maze + "' (expected umaze, medium or large)");
}

MazeMap maze_of(const AntMazeTask& task) {
  return MazeMap(task.map, task.form == AntMazeForm::GymRobotics ? MazeFrame::GymRobotics : MazeFrame::D4RL);
}

const AntMazeTask* find_ant_maze_task(const std::string& id) {
  const std::string key = task_key(id);
  for (const AntMazeTask& t : ant_maze_tasks()) {
    if (task_key(t.id) == key) return &t;
  }
  return nullptr;
}

AntMazeEnv::AntMazeEnv(const AntMazeTask& task)
    : AntEnv(maze_spec(task, maze_of(task)), task.form == AntMazeForm::GymRobotics ? GymVersion::V5 : GymVersion::V4),
      task_(task),
      maze_(maze_of(task)) {
  const auto goals = maze_.goal_cells();
  const auto [x, y] = maze_.cell_centre(goals.front()[0], goals.front()[1]);
  goal_ = {x, y};
}

std::vector<float> AntMazeEnv::reset(uint64_t seed) {
  // The goal and start draw from their own stream; the ant's reset noise from `seed`'s.
  Rng rng(~seed);
  const auto goals = maze_.goal_cells();
  const auto goal_cell = goals[size_t(rng.next() % goals.size())];
  const auto centre = maze_.cell_centre(goal_cell[0], goal_cell[1]);
  if (task_.form == AntMazeForm::GoalReaching) {
    const double angle = 2.0 * M_PI * rng.uniform(), radius = kGoalDiskRadius * rng.uniform();
    goal_ = {radius * std::cos(angle), radius * std::sin(angle)};
    start_ = {0.0, 0.0};
    start_heading_ = task_.random_heading ? rng.uniform(-M_PI, M_PI) : 0.0;
  } else if (task_.form == AntMazeForm::D4RL) {
    for (int k = 0; k < 2; ++k) {
      const double noisy = centre[size_t(k)] + rng.uniform(0.0, 0.25 * kMazeCellSize);
      goal_[size_t(k)] = std::max(noisy + rng.uniform(0.0, 0.5) * 0.25 * kMazeCellSize, 0.0);
    }
    start_ = maze_.cell_centre(maze_.reset_cells().front()[0], maze_.reset_cells().front()[1]);
    if (task_.random_start) {
      const auto open_cells = maze_.open_cells();
      const auto cell = open_cells[size_t(rng.next() % open_cells.size())];
      const auto c = maze_.cell_centre(cell[0], cell[1]);
      start_ = {c[0] + rng.uniform(0.0, 1.0), c[1] + rng.uniform(0.0, 1.0)};
    }
  } else {
    const double r = 0.25 * kMazeCellSize;
    goal_ = {centre[0] + rng.uniform(-r, r), centre[1] + rng.uniform(-r, r)};
    const auto starts = maze_.reset_cells();
    std::array<double, 2> start = goal_;
    while (std::hypot(start[0] - goal_[0], start[1] - goal_[1]) <= 0.5 * kMazeCellSize) {
      const auto cell = starts[size_t(rng.next() % starts.size())];
      start = maze_.cell_centre(cell[0], cell[1]);
    }
    start_ = {start[0] + rng.uniform(-r, r), start[1] + rng.uniform(-r, r)};
  }
  reached_ = false;
  std::vector<float> obs = AntEnv::reset(seed);
  reached_ = at_goal();
  return obs;
}

StepOutcome AntMazeEnv::step_into(std::span<const float> action, std::span<float> observation) {
  const StepOutcome out = AntEnv::step_into(action, observation);
  reached_ = reached_ || at_goal();
  return out;
}

std::vector<double> AntMazeEnv::save_state() const {
  std::vector<double> state = AntEnv::save_state();
  state.insert(state.end(), {goal_[0], goal_[1], reached_ ? 1.0 : 0.0});
  return state;
}

void AntMazeEnv::restore_state(std::span<const double> state) {
  if (state.size() < 3) throw Error(name() + ": a saved state has " + std::to_string(state.size()) + " values; too few for a maze");
  const size_t n = state.size() - 3;
  if (!std::isfinite(state[n]) || !std::isfinite(state[n + 1])) throw Error(name() + ": a saved state holds a non-finite goal");
  AntEnv::restore_state(state.first(n));
  goal_ = {state[n], state[n + 1]};
  reached_ = state[n + 2] != 0.0;
}

void AntMazeEnv::set_goal(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) throw Error(name() + ": the goal must be finite");
  goal_ = {x, y};
}

double AntMazeEnv::goal_radius() const {
  return task_.form == AntMazeForm::GymRobotics ? kGymRoboticsGoalRadius : kD4rlGoalRadius;
}

std::optional<std::array<double, 2>> AntMazeEnv::ground_position() const {
  return std::array<double, 2>{qpos()[0], qpos()[1]};
}

double AntMazeEnv::goal_distance() const { return std::hypot(qpos()[0] - goal_[0], qpos()[1] - goal_[1]); }

bool AntMazeEnv::at_goal() const { return goal_distance() <= goal_radius(); }

void AntMazeEnv::write_observation(double* out) const {
  const auto q = qpos();
  const auto v = qvel();
  if (task_.form != AntMazeForm::GymRobotics) {
    out = std::copy(q.begin(), q.end(), out);
    out = std::copy(v.begin(), v.end(), out);
    if (task_.form == AntMazeForm::GoalReaching) {
      *out++ = goal_[0] - q[0];
      *out = goal_[1] - q[1];
    }
    return;
  }
  *out++ = q[0];
  *out++ = q[1];
  AntEnv::write_observation(out);
  out += observation_dim() - 2 - kGoalValues;
  *out++ = goal_[0];
  *out = goal_[1];
}

void AntMazeEnv::add_reset_noise(Rng& rng, double* qpos, double* qvel) const {
  if (task_.form != AntMazeForm::GymRobotics) {
    AntEnv::add_reset_noise(rng, qpos, qvel);  // D4RL's ant resets as gym's Ant does
    qpos[0] += start_[0];
    qpos[1] += start_[1];
    if (start_heading_ != 0.0) {  // the torso's quaternion (qpos[3..6]) turned about the vertical
      const mjtNum up[3] = {0.0, 0.0, 1.0};
      mjtNum turn[4], noisy[4];
      mju_axisAngle2Quat(turn, up, start_heading_);
      mju_copy4(noisy, qpos + 3);
      mju_mulQuat(qpos + 3, turn, noisy);
    }
    return;
  }
  qpos[0] = start_[0];
  qpos[1] = start_[1];
}

double AntMazeEnv::reward(double, double, std::span<const float>) const {
  if (task_.form == AntMazeForm::GoalReaching) return -goal_distance();
  return at_goal() ? 1.0 : 0.0;
}

bool AntMazeEnv::is_terminated() const { return task_.form == AntMazeForm::D4RL && task_.ends_at_goal && at_goal(); }

}  // namespace vaco
