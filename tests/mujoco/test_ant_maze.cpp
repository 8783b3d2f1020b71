// AntMaze: the gymnasium-robotics form against gymnasium-robotics' own AntMaze_*-v5 (walls, then a
// whole episode under random actions, compared bit for bit), the D4RL form's rules (walls where
// the map says, goal, reward, termination, action scaling, step limits), the maze map's paths,
// and the registry's ids.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/util/error.h"
#include "tests/mujoco/reference_file.h"
#include "tests/mujoco/reference_python.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace vaco;
using vaco::test::read_doubles;
using vaco::test::Reader;
using vaco::test::reference_script;
using vaco::test::run_reference_python;

namespace {

// How many entries of a and b differ at all (a NaN differs from everything).
int differing(const std::vector<double>& a, std::span<const double> b) {
  if (a.size() != b.size()) return int(std::max(a.size(), b.size()));
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += !(a[i] == b[i]);
  return n;
}

std::unique_ptr<AntMazeEnv> make_maze(const std::string& id) {
  const AntMazeTask* task = find_ant_maze_task(id);
  if (task == nullptr) throw Error("no AntMaze task " + id);
  return std::make_unique<AntMazeEnv>(*task);
}

// Whether the ant touches one of the maze's walls in the current state.
bool touches_a_wall(const AntMazeEnv& env) {
  const mjData& d = env.data();
  for (int c = 0; c < d.ncon; ++c) {
    for (int g : {d.contact[c].geom[0], d.contact[c].geom[1]}) {
      const char* name = mj_id2name(&env.model(), mjOBJ_GEOM, g);
      if (name != nullptr && std::string(name).rfind("block_", 0) == 0) return true;
    }
  }
  return false;
}

// Index of the geom named `name`, or -1.
int geom_named(const mjModel& m, const std::string& name) { return mj_name2id(&m, mjOBJ_GEOM, name.c_str()); }

}  // namespace

class AntMazeTest : public QObject {
  Q_OBJECT

 private slots:
  void gymnasium_robotics_episodes_match_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("seed");
    QTest::newRow("umaze") << "AntMaze_UMaze-v5" << 3;
    QTest::newRow("medium-diverse-gr") << "AntMaze_Medium_Diverse_GR-v5" << 4;
    QTest::newRow("large") << "AntMaze_Large-v5" << 5;
  }
  void gymnasium_robotics_episodes_match() {
    QFETCH(QString, id);
    QFETCH(int, seed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("trajectory.bin");
    QString out;
    const int rc = run_reference_python({reference_script("gym_antmaze_trajectory.py"), id, QString::number(seed), file}, &out);
    QVERIFY2(rc == 0, qPrintable(out));
    Reader r(read_doubles(file.toStdString()));
    const auto header = r.take(6);
    const size_t nq = size_t(header[0]), nv = size_t(header[1]), nu = size_t(header[2]), od = size_t(header[3]);
    const int steps = int(header[4]), blocks = int(header[5]);

    auto env = make_maze(id.toStdString());
    QCOMPARE(env->qpos_dim(), int64_t(nq));
    QCOMPARE(env->qvel_dim(), int64_t(nv));
    QCOMPARE(env->action_dim(), int64_t(nu));
    QCOMPARE(env->observation_dim(), int64_t(od));
    QCOMPARE(env->max_episode_steps(), int64_t(steps));

    // The walls: the same boxes in the same order, with the same contact flags.
    const mjModel& m = env->model();
    int walls = 0, wall_diffs = 0;
    for (int g = 0; g < m.ngeom; ++g) {
      const char* name = mj_id2name(&m, mjOBJ_GEOM, g);
      if (name == nullptr || std::string(name).rfind("block_", 0) != 0) continue;
      const auto ref = r.take(8);
      const std::vector<double> ours = {m.geom_pos[3 * g], m.geom_pos[3 * g + 1], m.geom_pos[3 * g + 2],
                                        m.geom_size[3 * g], m.geom_size[3 * g + 1], m.geom_size[3 * g + 2],
                                        double(m.geom_contype[g]), double(m.geom_conaffinity[g])};
      wall_diffs += differing(ref, ours);
      ++walls;
    }
    QCOMPARE(walls, blocks);
    QCOMPARE(wall_diffs, 0);

    env->reset(0);
    const auto goal = r.take(2);
    env->set_goal(goal[0], goal[1]);
    const auto qpos0 = r.take(nq), qvel0 = r.take(nv);
    env->set_state(qpos0, qvel0);

    int first_bad = -1, rewarded = 0, truncated_steps = 0, terminated_steps = 0, wall_contact_steps = 0;
    for (int t = 0; t < steps; ++t) {
      const auto action = r.take(nu);
      const std::vector<float> a(action.begin(), action.end());  // float32 values, exact
      const auto obs = r.take(od);
      const double reward = r.one();
      const bool terminated = r.one() != 0.0, truncated = r.one() != 0.0;
      const auto qpos = r.take(nq), qvel = r.take(nv);
      const StepResult step = env->step(a);
      const int off = differing(obs, env->observation64()) + differing(qpos, env->qpos()) + differing(qvel, env->qvel()) +
                      (step.reward != reward) + (step.terminated != terminated) + (step.truncated != truncated);
      if (first_bad < 0 && off > 0) first_bad = t;
      wall_contact_steps += touches_a_wall(*env);
      rewarded += reward > 0.0;
      truncated_steps += truncated;
      terminated_steps += terminated;
    }
    QVERIFY(r.done());
    qInfo("%s: %d steps, %d rewarded, %d touching a wall, %d walls; first step that differs: %d", qPrintable(id), steps,
          rewarded, wall_contact_steps, walls, first_bad);
    QCOMPARE(first_bad, -1);
    QVERIFY(wall_contact_steps > 0);            // the walls' contacts were compared too
    QVERIFY(rewarded > 0 && rewarded < steps);  // the goal's radius was crossed both ways
    QCOMPARE(truncated_steps, 1);               // the time limit, at the last step only
    QCOMPARE(terminated_steps, 0);              // a continuing task
  }

  void d4rl_walls_stand_where_the_map_says() {
    for (const char* id : {"antmaze-umaze-v2", "antmaze-medium-play-v2", "antmaze-large-diverse-v2"}) {
      auto env = make_maze(id);
      const MazeMap& maze = env->maze();
      int walls = 0;
      for (int i = 0; i < maze.rows(); ++i) {
        for (int j = 0; j < maze.cols(); ++j) {
          const int g = geom_named(env->model(), "block_" + std::to_string(i) + "_" + std::to_string(j));
          QCOMPARE(g >= 0, !maze.open(i, j));
          if (g < 0) continue;
          ++walls;
          // D4RL: cell (i, j) at (4j, 4i) minus the start cell (1, 1); boxes 4 x 4 x 2 on the floor.
          QCOMPARE(env->model().geom_pos[3 * g], 4.0 * j - 4.0);
          QCOMPARE(env->model().geom_pos[3 * g + 1], 4.0 * i - 4.0);
          QCOMPARE(env->model().geom_pos[3 * g + 2], 1.0);
          QCOMPARE(env->model().geom_size[3 * g], 2.0);
          QCOMPARE(env->model().geom_size[3 * g + 2], 1.0);
          QCOMPARE(env->model().geom_contype[g], 1);
          QCOMPARE(env->model().geom_conaffinity[g], 1);
        }
      }
      QVERIFY2(walls > 10, id);
    }
  }

  void d4rl_goal_reward_and_end() {
    auto env = make_maze("antmaze-umaze-v2");
    QCOMPARE(env->observation_dim(), int64_t(29));
    QCOMPARE(env->max_episode_steps(), int64_t(700));
    QCOMPARE(make_maze("antmaze-large-play-v2")->max_episode_steps(), int64_t(1000));
    QCOMPARE(env->model().opt.timestep, 0.02);
    for (uint64_t seed = 0; seed < 20; ++seed) {
      const std::vector<float> obs = env->reset(seed);
      // The start cell is the origin (with D4RL's 0.1 reset noise); the goal is the G cell's
      // corner (0, 8) plus up to 1 + 0.5 m on each axis.
      QVERIFY(std::abs(obs[0]) <= 0.1 && std::abs(obs[1]) <= 0.1);
      QVERIFY(std::abs(obs[2] - 0.75) <= 0.1);
      const auto goal = env->goal();
      QVERIFY2(goal[0] >= 0.0 && goal[0] <= 1.5 && goal[1] >= 8.0 && goal[1] <= 9.5, qPrintable(QString::number(seed)));
    }

    // Away from the goal: reward 0, the episode goes on, the score is 0.
    const std::vector<float> zero(8, 0.0f);
    StepResult s = env->step(zero);
    QCOMPARE(s.reward, 0.0);
    QVERIFY(!s.terminated);
    QCOMPARE(env->episode_score().value(), 0.0);
    // The torso within 0.5 m of the goal: reward 1, and the episode ends (D4RL's evaluation).
    std::vector<double> qpos(env->qpos().begin(), env->qpos().end()), qvel(14, 0.0);
    qpos[0] = env->goal()[0] + 0.3;
    qpos[1] = env->goal()[1];
    env->set_state(qpos, qvel);
    s = env->step(zero);
    QCOMPARE(s.reward, 1.0);
    QVERIFY(s.terminated);
    QCOMPARE(env->episode_score().value(), 100.0);
    // A saved state carries the goal and the success.
    const auto saved = env->save_state();
    env->reset(7);
    QCOMPARE(env->episode_score().value(), 0.0);
    env->restore_state(saved);
    QCOMPARE(env->episode_score().value(), 100.0);
    QCOMPARE(env->goal()[0], qpos[0] - 0.3);
  }

  void d4rl_actions_scale_onto_the_motors_range() {
    auto env = make_maze("antmaze-umaze-v2");
    env->reset(0);
    env->step(std::vector<float>{1.0f, -1.0f, 0.5f, 0.0f, 2.0f, -3.0f, 0.25f, -0.5f});
    const std::vector<double> expected = {30.0, -30.0, 15.0, 0.0, 30.0, -30.0, 7.5, -15.0};
    for (size_t i = 0; i < expected.size(); ++i) QCOMPARE(env->data().ctrl[i], expected[i]);
    // gymnasium-robotics drives gymnasium's ant: ctrl = action (gear 150).
    auto gr = make_maze("AntMaze_UMaze-v5");
    gr->reset(0);
    gr->step(std::vector<float>{0.5f, 0, 0, 0, 0, 0, 0, 0});
    QCOMPARE(gr->data().ctrl[0], 0.5);
  }

  void gymnasium_robotics_draws_goal_and_start_from_the_map() {
    auto env = make_maze("AntMaze_Medium_Diverse_G-v5");
    const MazeMap& maze = env->maze();
    for (uint64_t seed = 0; seed < 30; ++seed) {
      const std::vector<float> obs = env->reset(seed);
      const auto goal = env->goal();
      const auto goal_cell = maze.cell_of(goal[0], goal[1]);
      QCOMPARE(maze.at(goal_cell[0], goal_cell[1]), MazeCell::Goal);
      QCOMPARE(double(obs[107]), double(float(goal[0])));  // desired_goal closes the observation
      const auto start = maze.cell_of(obs[0], obs[1]);
      QCOMPARE(maze.at(start[0], start[1]), MazeCell::Reset);  // the one R cell
      QCOMPARE(double(obs[2]), 0.75);                          // no reset noise in this form
    }
  }

  void the_goal_reaching_ant_sees_its_goal_and_is_paid_by_distance() {
    auto env = make_maze("antmaze-goal-reaching-v2");
    QCOMPARE(env->observation_dim(), int64_t(31));
    QCOMPARE(env->model().opt.timestep, 0.02);  // D4RL's ant
    for (uint64_t seed = 0; seed < 20; ++seed) {
      const std::vector<float> obs = env->reset(seed);
      const auto goal = env->goal();
      QVERIFY(std::hypot(goal[0], goal[1]) <= 10.0);  // D4RL's disk of radius 10 around the start
      QCOMPARE(obs[29], float(goal[0] - env->qpos()[0]));
      QCOMPARE(obs[30], float(goal[1] - env->qpos()[1]));
    }
    const StepResult far = env->step(std::vector<float>(8, 0.0f));
    QCOMPARE(far.reward, -std::hypot(env->qpos()[0] - env->goal()[0], env->qpos()[1] - env->goal()[1]));
    QVERIFY(!far.terminated);
    QCOMPARE(env->episode_score().value(), 0.0);
    std::vector<double> qpos(env->qpos().begin(), env->qpos().end()), qvel(14, 0.0);
    qpos[0] = env->goal()[0];
    qpos[1] = env->goal()[1] + 0.2;
    env->set_state(qpos, qvel);
    const StepResult near = env->step(std::vector<float>(8, 0.0f));
    QVERIFY(near.reward > -0.5 && near.reward < 0.0);
    QVERIFY(!near.terminated);  // open ground: only the step limit ends an episode
    QCOMPARE(env->episode_score().value(), 100.0);
    QCOMPARE(env->max_episode_steps(), int64_t(500));
  }

  void the_any_heading_ant_starts_turned_to_every_bearing() {
    auto plain = make_maze("antmaze-goal-reaching-v2");
    auto turned = make_maze("antmaze-goal-reaching-any-heading-v2");
    const auto yaw_of = [](std::span<const double> q) {  // the torso's heading from its quaternion (w, x, y, z)
      return std::atan2(2.0 * (q[3] * q[6] + q[4] * q[5]), 1.0 - 2.0 * (q[5] * q[5] + q[6] * q[6]));
    };
    std::array<int, 4> quadrants{};
    for (uint64_t seed = 0; seed < 40; ++seed) {
      plain->reset(seed);
      turned->reset(seed);
      QVERIFY(plain->goal() == turned->goal());                           // the same goal stream
      QCOMPARE(turned->qpos()[2], plain->qpos()[2]);                      // the same height and noise
      QVERIFY(std::abs(yaw_of(plain->qpos())) < 0.3);                     // D4RL's ant faces +x
      double n_plain = 0, n_turned = 0;
      for (int k = 3; k < 7; ++k) {
        n_plain += plain->qpos()[size_t(k)] * plain->qpos()[size_t(k)];
        n_turned += turned->qpos()[size_t(k)] * turned->qpos()[size_t(k)];
      }
      QVERIFY(std::abs(n_plain - n_turned) < 1e-12);                      // a rotation: the same length
      const double yaw = yaw_of(turned->qpos());
      quadrants[size_t(std::clamp(int(std::floor((yaw + M_PI) / (0.5 * M_PI))), 0, 3))]++;
    }
    for (int count : quadrants) QVERIFY(count >= 4);                      // every bearing, not only +x
    const StepResult r = turned->step(std::vector<float>(8, 0.0f));
    QCOMPARE(r.reward, -std::hypot(turned->qpos()[0] - turned->goal()[0], turned->qpos()[1] - turned->goal()[1]));
    QCOMPARE(turned->observation_dim(), int64_t(31));
  }

  void maze_paths_follow_the_corridors() {
    const MazeMap u({"11111", "1R001", "11101", "1G001", "11111"}, MazeFrame::D4RL);
    std::array<int, 2> at{1, 1};
    std::vector<std::array<int, 2>> path;
    while (at != std::array<int, 2>{3, 1}) {
      at = u.next_cell_towards(at, {3, 1});
      path.push_back(at);
    }
    const std::vector<std::array<int, 2>> expected = {{1, 2}, {1, 3}, {2, 3}, {3, 3}, {3, 2}, {3, 1}};
    QVERIFY(path == expected);
    for (int i = 0; i < u.rows(); ++i) {
      for (int j = 0; j < u.cols(); ++j) {
        const auto c = u.cell_centre(i, j);
        QVERIFY((u.cell_of(c[0] + 1.9, c[1] - 1.9) == std::array<int, 2>{i, j}));
      }
    }
    const MazeMap gr({"11111", "10001", "11101", "10001", "11111"}, MazeFrame::GymRobotics);
    QCOMPARE(gr.cell_centre(1, 1)[0], -4.0);  // the 5 x 5 map's middle is (0, 0)
    QCOMPARE(gr.cell_centre(1, 1)[1], 4.0);
    QCOMPARE(gr.goal_cells().size(), size_t(7));  // no marks: every open cell
    const MazeMap walled({"111", "101", "111", "101", "111"}, MazeFrame::D4RL);
    QVERIFY_THROWS_EXCEPTION(Error, walled.next_cell_towards({1, 1}, {3, 1}));
    try {
      MazeMap({"111", "1x1"}, MazeFrame::D4RL);
      QFAIL("a bad cell was accepted");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("row 1 column 1 holds 'x'") != std::string::npos);
    }
  }

  void the_registry_knows_the_tasks() {
    QCOMPARE(env_family("antmaze-medium-diverse-v0"), std::string("antmaze"));
    QCOMPARE(env_family("AntMaze_Large_Diverse_GR-v5"), std::string("antmaze"));
    QCOMPARE(env_family("ant-medium-v2"), std::string("ant"));
    QCOMPARE(find_ant_maze_task("antmaze-umaze-v0")->id, std::string("antmaze-umaze-v2"));
    QVERIFY(find_ant_maze_task("antmaze-huge-v2") == nullptr);
    const auto ids = listed_env_ids();
    for (const char* id : {"antmaze-umaze-v2", "antmaze-large-diverse-v2", "AntMaze_UMaze-v5", "AntMaze_Large_Diverse_GR-v5"}) {
      QVERIFY2(std::find(ids.begin(), ids.end(), id) != ids.end(), id);
    }
    QCOMPARE(gymnasium_spec("AntMaze_Medium-v5").entry_point, std::string("gymnasium_robotics.envs.maze.ant_maze_v5:AntMazeEnv"));
    QVERIFY_THROWS_EXCEPTION(Error, gymnasium_spec("antmaze-umaze-v2"));
    auto env = make_env("antmaze-umaze-diverse-v2");
    QCOMPARE(env->observation_dim(), int64_t(29));
  }
};

QTEST_APPLESS_MAIN(AntMazeTest)
#include "test_ant_maze.moc"
