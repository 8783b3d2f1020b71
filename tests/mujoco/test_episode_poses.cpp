// The body's poses along an episode rebuilt from its observations: the qpos entries the
// observation holds come back as they are, the hidden root position follows the true one.
#include <cmath>

#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/episode_poses.h"
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
