// AntMaze's data-making: a scripted controller that follows the maze's waypoints with a perfect
// oracle (the torso moved straight at each waypoint) reaches the umaze goal through the corridor,
// and D4RL's reward relabelling on a handmade trajectory.
#include <cmath>

#include "core/data/episodes.h"
#include "core/datagen/antmaze_waypoints.h"
#include "core/envs/mujoco/ant_maze.h"
#include "core/util/error.h"

#include <QtTest>

using namespace vaco;

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

QTEST_APPLESS_MAIN(AntMazeDatagen)
#include "test_antmaze_datagen.moc"
