// AntMaze's data-making: a scripted controller that follows the maze's waypoints with a perfect
// oracle (the torso moved straight at each waypoint) reaches the umaze goal through the corridor,
// D4RL's reward relabelling on a handmade trajectory, and `vaco datagen antmaze` from a short
// goal-reaching SAC run (files that replay exactly, play and diverse starts, bad input).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/data/d4rl_reader.h"
#include "core/data/episodes.h"
#include "core/datagen/antmaze_datagen.h"
#include "core/online/sac_run.h"
#include "tests/support/test_support.h"
#include "core/datagen/antmaze_waypoints.h"
#include "core/envs/mujoco/ant_maze.h"
#include "core/util/error.h"

#include <QtTest>

using namespace vaco;
using namespace vaco::datagen;

namespace {

// A short SAC run of the goal-reaching ant (policy checkpoints at 500 and 1000 env steps).
const std::string& goal_run() {
  static const std::string dir = [] {
    online::SacRunConfig c;
    c.env = "antmaze-goal-reaching-v2";
    c.device = "cpu";
    c.steps = 1000;
    c.batch_size = 32;
    c.learning_starts = 500;
    c.checkpoint_every = 500;
    c.eval_episodes = 1;
    c.sac.shape = {.hidden = 32, .depth = 2};
    const std::string d = test::tempPath("antmaze-goal-sac").toStdString();
    online::SacRun run(c, d);
    if (run.run().status != train::RunStatus::Completed) qFatal("the goal-reaching SAC run failed");
    return d;
  }();
  return dir;
}

}  // namespace

class AntMazeDatagen : public QObject {
  Q_OBJECT

 private slots:
  void an_oracle_following_waypoints_reaches_the_umaze_goal() {
    const AntMazeTask* task = find_ant_maze_task("antmaze-umaze-v2");
    QVERIFY(task != nullptr);
    for (uint64_t seed = 0; seed < 3; ++seed) {
      AntMazeEnv env(*task);
      env.reset(seed);
      Rng rng(seed);
      const MazeMap& maze = env.maze();
      const std::vector<float> idle(8, 0.0f);
      bool reached = false, through_walls = false, visited_far_corner = false;
      int steps = 0;
      for (; steps < int(env.max_episode_steps()) && !reached; ++steps) {
        std::vector<double> qpos(env.qpos().begin(), env.qpos().end()), qvel(env.qvel().size(), 0.0);
        const auto waypoint = maze_waypoint(maze, {qpos[0], qpos[1]}, env.goal(), rng);
        // The oracle: 0.3 m straight towards the waypoint, then one physics step.
        const double dx = waypoint[0] - qpos[0], dy = waypoint[1] - qpos[1], d = std::hypot(dx, dy);
        const double move = std::min(0.3, d);
        qpos[0] += d > 0 ? move * dx / d : 0.0;
        qpos[1] += d > 0 ? move * dy / d : 0.0;
        env.set_state(qpos, qvel);
        reached = env.step(idle).terminated;
        const auto cell = maze.cell_of(env.qpos()[0], env.qpos()[1]);
        through_walls = through_walls || !maze.open(cell[0], cell[1]);
        visited_far_corner = visited_far_corner || cell == std::array<int, 2>{2, 3};
      }
      qInfo("seed %llu: goal (%.2f, %.2f) reached after %d steps", (unsigned long long)seed, env.goal()[0], env.goal()[1], steps);
      QVERIFY(reached);
      QCOMPARE(env.episode_score().value(), 100.0);
      QVERIFY(!through_walls);
      QVERIFY(visited_far_corner);  // around the U, not across its wall
    }
  }

  void waypoints_use_d4rls_navigation_cells() {
    // D4RL's navigation puts xy in cell (1 + y / 4, 1 + x / 4): each cell spans [centre, centre + 4),
    // so an ant at (7, 1.9), already past the inner wall's corner at (6, 2), still counts as in cell
    // (1, 2) and is sent on to the corner cell (1, 3) before it turns up the corridor.
    const AntMazeTask* task = find_ant_maze_task("antmaze-umaze-v2");
    const MazeMap maze = maze_of(*task);
    QCOMPARE(maze.navigation_cell_of(7.0, 1.9), (std::array<int, 2>{1, 2}));
    QCOMPARE(maze.cell_of(7.0, 1.9), (std::array<int, 2>{1, 3}));  // where the walls put it
    QCOMPARE(maze.navigation_cell_of(-0.6, -0.3), (std::array<int, 2>{1, 1}));  // negatives count as 1e-4
    QCOMPARE(maze.navigation_cell_of(8.2, 3.9), (std::array<int, 2>{1, 3}));
    QCOMPARE(maze.navigation_cell_of(8.2, 4.0), (std::array<int, 2>{2, 3}));
    Rng rng(3);
    const std::array<double, 2> goal{0.7, 8.6};
    for (int k = 0; k < 20; ++k) {
      const auto w = maze_waypoint(maze, {7.0, 1.9}, goal, rng);  // cell (1, 3): (8, 0) + U(0, 1)
      QVERIFY(w[0] >= 8.0 && w[0] <= 9.0 && w[1] >= 0.0 && w[1] <= 1.0);
      const auto up = maze_waypoint(maze, {8.5, 0.5}, goal, rng);  // cell (2, 3): (8, 4) + U(0, 1)
      QVERIFY(up[0] >= 8.0 && up[0] <= 9.0 && up[1] >= 4.0 && up[1] <= 5.0);
    }
    QCOMPARE(maze_waypoint(maze, {1.5, 8.2}, goal, rng), goal);  // in the goal's cell: the goal itself
  }

  void datagen_antmaze_files_replay_exactly() {
    for (const char* mode : {"play", "diverse"}) {
      const QString out = test::tempPath(QString("antmaze-medium-%1.hdf5").arg(mode));
      const auto r = test::runCli({"datagen", "antmaze", "--maze", "medium", "--mode", mode, "--policy",
                                   QString::fromStdString(goal_run()), "--out", out, "--rows", "2500", "--seed", "4"});
      QVERIFY2(r.exit_code == 0, r.err.constData());
      const Dataset ds = read_d4rl(out.toStdString());
      QCOMPARE(ds.size(), int64_t(2000));  // whole 1000-step episodes only
      // The summary counts the episodes that reached their goal, as the file's rewards say.
      int successes = 0;
      for (int64_t e : {int64_t(0), int64_t(1000)}) successes += ds.rewards.narrow(0, e, 1000).sum().item<double>() > 0.0;
      QVERIFY2(r.out.contains(QString("2 episodes, %1 of them reaching their goal").arg(successes).toUtf8()), r.out.constData());
      QCOMPARE(QString::fromStdString(ds.env_name), QString("antmaze-medium-%1-v2").arg(mode));
      QCOMPARE(ds.obs_dim(), int64_t(29));
      QVERIFY(ds.infos.count("infos/goal") && ds.infos.count("infos/qpos") && !ds.infos.count("infos/action_log_probs"));
      QCOMPARE(ds.timeouts.sum().item<int64_t>(), int64_t(2));
      // Goals come from the collection map's goal cells (2, 6), (5, 1), (6, 5): (4j - 4, 4i - 4) + up to 1.5 m.
      const torch::Tensor g = ds.infos.at("infos/goal").to(torch::kFloat64);
      for (int64_t e : {int64_t(0), int64_t(1000)}) {
        const double gx = g[e][0].item<double>(), gy = g[e][1].item<double>();
        bool near_a_goal_cell = false;
        for (const auto& [i, j] : std::vector<std::pair<int, int>>{{2, 6}, {5, 1}, {6, 5}}) {
          near_a_goal_cell = near_a_goal_cell || (gx >= 4.0 * j - 4.0 && gx <= 4.0 * j - 2.5 && gy >= 4.0 * i - 4.0 && gy <= 4.0 * i - 2.5);
        }
        QVERIFY2(near_a_goal_cell, qPrintable(QString("goal (%1, %2)").arg(gx).arg(gy)));
      }
      // Play starts at the origin (D4RL's start cell); diverse in any open cell.
      const torch::Tensor starts = torch::stack({ds.observations[0].narrow(0, 0, 2), ds.observations[1000].narrow(0, 0, 2)});
      if (QString(mode) == "play") QVERIFY(starts.abs().max().item<float>() <= 0.1f);
      const auto check = test::runCli({"env", "check-dataset", out, "--json"});
      QVERIFY2(check.exit_code == 0, check.out.constData());
    }
    test::expectCliError({"datagen", "antmaze", "--maze", "huge", "--mode", "play", "--policy", QString::fromStdString(goal_run()),
                          "--out", test::tempPath("x.hdf5")},
                         1, "unknown maze 'huge'");
    test::expectCliError({"datagen", "antmaze", "--maze", "umaze", "--mode", "play", "--policy", QString::fromStdString(goal_run()),
                          "--out", test::tempPath("x.hdf5"), "--rows", "10"},
                         1, "at least one episode");
    test::expectCliError({"datagen", "antmaze", "--maze", "umaze", "--mode", "play", "--policy", QString::fromStdString(goal_run()),
                          "--out", test::tempPath("x.hdf5"), "--checkpoint", "700"},
                         1, "--checkpoint 700: SAC run");
    test::expectCliError({"datagen", "antmaze", "--maze", "umaze", "--mode", "play", "--policy", QString::fromStdString(goal_run()),
                          "--out", test::tempPath("x.hdf5"), "--checkpoint", "700"},
                         1, "has no policy checkpoint there (it has 500, 1000)");
    // A run of another task (the same run's folder, its config naming a maze task) is refused,
    // naming the tasks a goal-reaching ant is trained on.
    const std::filesystem::path other = test::tempPath("antmaze-maze-sac").toStdString();
    std::filesystem::copy(goal_run(), other, std::filesystem::copy_options::recursive);
    nlohmann::json config = nlohmann::json::parse(std::ifstream(other / "config.json"));
    QCOMPARE(config.at("env").get<std::string>(), std::string("antmaze-goal-reaching-v2"));
    config["env"] = "antmaze-umaze-v2";
    std::ofstream(other / "config.json") << config.dump();
    test::expectCliError({"datagen", "antmaze", "--maze", "umaze", "--mode", "play", "--policy",
                          QString::fromStdString(other.string()), "--out", test::tempPath("x.hdf5")},
                         1, "was trained on 'antmaze-umaze-v2'; AntMaze data need a `vaco sac` run on "
                            "antmaze-goal-reaching-v2 or antmaze-goal-reaching-any-heading-v2");
  }

  void relabelling_rewards_where_steps_end_at_the_goal() {
    Dataset ds;
    ds.name = "handmade";
    // Five steps along x towards a goal at (2, 0): the last two end within 0.5 m of it.
    ds.observations = torch::tensor({0.0f, 0.0f, 0.5f, 0.0f, 1.0f, 0.0f, 1.4f, 0.0f, 1.8f, 0.1f}).reshape({5, 2});
    ds.next_observations = torch::tensor({0.5f, 0.0f, 1.0f, 0.0f, 1.4f, 0.0f, 1.8f, 0.1f, 2.2f, 0.3f}).reshape({5, 2});
    ds.actions = torch::zeros({5, 1});
    ds.rewards = torch::zeros({5});
    ds.terminals = torch::zeros({5});
    ds.timeouts = torch::tensor({0.0f, 0.0f, 0.0f, 0.0f, 1.0f});
    ds.infos["infos/goal"] = torch::tensor({2.0, 0.0}, torch::kFloat64).repeat({5, 1});
    QCOMPARE(relabel_antmaze_rewards(ds), int64_t(2));
    QVERIFY(torch::equal(ds.rewards, torch::tensor({0.0f, 0.0f, 0.0f, 1.0f, 1.0f})));
    QVERIFY(torch::equal(ds.terminals, ds.rewards));
    QCOMPARE(ds.episodes.size(), size_t(2));  // the first terminal now ends an episode
    QCOMPARE(ds.episodes[0].length, int64_t(4));

    ds.infos.erase("infos/goal");
    QVERIFY_THROWS_EXCEPTION(Error, relabel_antmaze_rewards(ds));
  }
};

QTEST_GUILESS_MAIN(AntMazeDatagen)
#include "test_antmaze_datagen.moc"
