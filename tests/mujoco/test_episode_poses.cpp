// The body's poses along an episode rebuilt from its observations: the qpos entries the
// observation holds come back as they are, the hidden root position follows the true one.
#include <cmath>

#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/episode_poses.h"
#include "core/envs/mujoco/replay_from_state.h"
#include "core/util/error.h"
#include "core/util/rng.h"

#include <QtTest>

using namespace vaco;

namespace {

// A seeded random-action episode of `steps` observations (no reset on termination) with the
// true qpos of each observation.
struct Recorded {
  std::vector<float> obs;
  std::vector<double> qpos;
};

Recorded record(MujocoEnv& env, int steps) {
  Recorded r;
  Rng rng(3);
  std::vector<float> a(size_t(env.action_dim()));
  std::vector<float> o = env.reset(3);
  for (int t = 0; t < steps; ++t) {
    r.obs.insert(r.obs.end(), o.begin(), o.end());
    r.qpos.insert(r.qpos.end(), env.qpos().begin(), env.qpos().end());
    for (float& x : a) x = float(rng.uniform(-0.3, 0.3));
    o = env.step(a).observation;
  }
  return r;
}

// A deterministic feedback policy: every action component follows one observation entry.
void feedback(std::span<const float> obs, std::span<float> action, Rng&) {
  for (size_t j = 0; j < action.size(); ++j) action[j] = 0.6f * std::tanh(obs[(3 * j + 1) % obs.size()]);
}

}  // namespace

class TestEpisodePoses : public QObject {
  Q_OBJECT

 private slots:
  void visibleJointsAreCopiedAndTheRootFollows_data() {
    QTest::addColumn<QString>("env");
    QTest::addColumn<int>("hidden");
    QTest::newRow("hopper") << "hopper" << 1;
    QTest::newRow("walker2d") << "walker2d" << 1;
    QTest::newRow("halfcheetah") << "halfcheetah" << 1;
    QTest::newRow("ant") << "ant" << 2;
  }

  void visibleJointsAreCopiedAndTheRootFollows() {
    QFETCH(QString, env);
    QFETCH(int, hidden);
    auto e = make_mujoco_env(env.toStdString());
    QCOMPARE(e->hidden_root_coordinates(), hidden);
    const int steps = 60;
    const Recorded r = record(*e, steps);
    const std::vector<double> poses = poses_from_observations(*e, r.obs, steps);
    const int64_t nq = e->qpos_dim();
    QCOMPARE(int64_t(poses.size()), steps * nq);
    double root_error = 0, travelled = 0;
    for (int t = 0; t < steps; ++t) {
      for (int64_t i = hidden; i < nq; ++i)  // float observations: equal to float precision
        QVERIFY2(std::abs(poses[size_t(t * nq + i)] - r.qpos[size_t(t * nq + i)]) <= 1e-6 * (1 + std::abs(r.qpos[size_t(t * nq + i)])),
                 qPrintable(QString("step %1 qpos[%2]").arg(t).arg(i)));
      for (int j = 0; j < hidden; ++j) {
        const double true_moved = r.qpos[size_t(t * nq + j)] - r.qpos[size_t(j)];
        root_error = std::max(root_error, std::abs(poses[size_t(t * nq + j)] - true_moved));
        travelled = std::max(travelled, std::abs(true_moved));
      }
    }
    QVERIFY2(travelled > 0.01, qPrintable(QString("the root barely moved: %1 m").arg(travelled)));
    // The trapezoid rule on the step's two velocities; contacts change velocities within a step.
    QVERIFY2(root_error < 0.05 + 0.1 * travelled, qPrintable(QString("root error %1 over %2 m").arg(root_error).arg(travelled)));
  }

  void anObservationGivesBackItsState_data() { visibleJointsAreCopiedAndTheRootFollows_data(); }
  void anObservationGivesBackItsState() {
    // Set from an observation, the body observes the same values again (float precision).
    QFETCH(QString, env);
    auto e = make_mujoco_env(env.toStdString());
    const int64_t width = e->observation_dim();
    const Recorded r = record(*e, 4);
    for (int t = 0; t < 4; ++t) {
      const std::span<const float> obs(r.obs.data() + t * width, size_t(width));
      const JointState s = state_from_observation(*e, obs);
      QCOMPARE(int64_t(s.qpos.size()), e->qpos_dim());
      QCOMPARE(int64_t(s.qvel.size()), e->qvel_dim());
      for (int j = 0; j < e->hidden_root_coordinates(); ++j) QCOMPARE(s.qpos[size_t(j)], 0.0);
      e->set_state(s.qpos, s.qvel);
      const std::vector<double> again = e->observation64();
      const int64_t compare = e->qpos_dim() - e->hidden_root_coordinates() + e->qvel_dim();  // Ant's contact forces follow
      for (int64_t i = 0; i < compare; ++i)
        QVERIFY2(std::abs(again[size_t(i)] - obs[size_t(i)]) <= 1e-6 * (1 + std::abs(obs[size_t(i)])),
                 qPrintable(QString("step %1 entry %2: %3 vs %4").arg(t).arg(i).arg(again[size_t(i)]).arg(obs[size_t(i)])));
    }
  }

  void aPolicyReplaysItsOwnEpisode_data() {
    QTest::addColumn<QString>("env");
    QTest::newRow("hopper") << "hopper";
    QTest::newRow("walker2d") << "walker2d";
    QTest::newRow("halfcheetah") << "halfcheetah";
  }
  void aPolicyReplaysItsOwnEpisode() {
    // An episode recorded under a deterministic policy, replayed from its first observation by
    // the same policy, earns the same rewards (the start state differs from the recorded one by
    // the observation's float rounding and the root's position only).
    QFETCH(QString, env);
    auto e = make_mujoco_env(env.toStdString());
    const int64_t width = e->observation_dim(), nq = e->qpos_dim();
    std::vector<float> obs = e->reset(11), action(size_t(e->action_dim()));
    const std::vector<float> first = obs;
    std::vector<double> rewards, qpos;
    Rng rng(0);
    for (int t = 0; t < 40; ++t) {
      qpos.insert(qpos.end(), e->qpos().begin(), e->qpos().end());
      feedback(obs, action, rng);
      const StepResult out = e->step(action);
      rewards.push_back(out.reward);
      obs = out.observation;
      if (out.terminated) break;
    }
    const ReplayedEpisode r = replay_from_observation(*e, first, feedback, int64_t(rewards.size()));
    QCOMPARE(r.rewards.size(), rewards.size());
    QCOMPARE(int64_t(r.poses.size()), int64_t(rewards.size()) * nq);
    double worst = 0.0;
    for (size_t t = 0; t < rewards.size(); ++t) worst = std::max(worst, std::abs(r.rewards[t] - rewards[t]));
    QVERIFY2(worst < 1e-3, qPrintable(QString("largest reward difference %1").arg(worst)));
    // The visible joints follow the recorded ones; the replay's root starts at 0.
    const size_t last = rewards.size() - 1;
    for (int64_t i = 1; i < nq; ++i)
      QVERIFY2(std::abs(r.poses[last * size_t(nq) + size_t(i)] - qpos[last * size_t(nq) + size_t(i)]) < 1e-3,
               qPrintable(QString("qpos[%1] at the last step").arg(i)));
    QCOMPARE(r.poses[0], 0.0);
    (void)width;
  }

  void aReplayRunsToTheEnvsLimitOrAFall() {
    auto e = make_mujoco_env("hopper");
    const std::vector<float> first = e->reset(2);
    // Full torque on every joint topples the hopper long before the limit.
    const ReplayedEpisode fall = replay_from_observation(*e, first, [](std::span<const float>, std::span<float> a, Rng&) {
      for (float& x : a) x = 1.0f;
    });
    QVERIFY(fall.terminated);
    QVERIFY(fall.rewards.size() < 1000);
    const ReplayedEpisode capped = replay_from_observation(*e, first, feedback, 5);
    QCOMPARE(capped.rewards.size(), size_t(5));
    QVERIFY(!capped.terminated);
  }

  void aBadStartObservationIsAnError() {
    auto e = make_mujoco_env("walker2d");
    std::vector<float> narrow(11, 0.0f);
    QVERIFY_THROWS_EXCEPTION(Error, state_from_observation(*e, narrow));
    std::vector<float> nan(17, 0.0f);
    nan[3] = std::nanf("");
    try {
      replay_from_observation(*e, nan, feedback);
      QFAIL("no error");
    } catch (const Error& err) {
      QVERIFY2(QString(err.what()).contains("non-finite"), err.what());
    }
  }

  void aWrongWidthIsAnError() {
    auto e = make_mujoco_env("hopper");
    const std::vector<float> obs(size_t(10 * 11 - 1), 0.0f);
    try {
      poses_from_observations(*e, obs, 10);
      QFAIL("no error");
    } catch (const Error& err) {
      QVERIFY2(QString(err.what()).contains("width 11"), err.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestEpisodePoses)
#include "test_episode_poses.moc"
