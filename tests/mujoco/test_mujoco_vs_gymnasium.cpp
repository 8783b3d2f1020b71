// Our MuJoCo environments against gymnasium's *-v4 and *-v5 ones (an independent implementation on the
// same MuJoCo library): compiled models field by field, then 300-step trajectories from the same
// start state under the same actions.
//
// Tolerance: kTolerance = 1e-9 absolute on every observation entry, reward, qpos and qvel. Both
// sides run the same libmujoco on models that compile to identical numbers (checked by
// compare_models.py), and our step does the same arithmetic in the same order as gymnasium's,
// so the results are expected to be bit-identical (the measured errors are printed; they are 0
// at the time of writing). 1e-9 leaves room only for a last-bit difference that a different
// compiler could introduce into our reward arithmetic; any modelling difference (a mass, a
// friction, a frame skip) shows up as 1e-3 or more within a few steps.
#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/resource_path.h"
#include "tests/mujoco/reference_file.h"
#include "tests/mujoco/reference_python.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace vaco;
using vaco::test::reference_python;
using vaco::test::read_doubles;
using vaco::test::Reader;
using vaco::test::reference_script;
using vaco::test::run_reference_python;

namespace {

constexpr double kTolerance = 1e-9;
constexpr int kSteps = 300;

// Max |a - b[:a.size()]|; entries of b past a's end (Ant's contact forces) must be exactly 0.
double max_obs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  if (b.size() < a.size()) return INFINITY;
  for (size_t i = a.size(); i < b.size(); ++i) {
    if (b[i] != 0.0) return INFINITY;
  }
  double worst = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = std::abs(a[i] - b[i]);
    worst = std::isnan(d) ? INFINITY : std::max(worst, d);
  }
  return worst;
}

double max_abs_diff(const std::vector<double>& a, std::span<const double> b) {
  double worst = a.size() == b.size() ? 0.0 : INFINITY;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    const double d = std::abs(a[i] - b[i]);
    worst = std::isnan(d) ? INFINITY : std::max(worst, d);
  }
  return worst;
}

void add_model_rows() {
  QTest::addColumn<QString>("model");
  QTest::newRow("hopper") << "hopper.xml";
  QTest::newRow("walker2d") << "walker2d.xml";
  QTest::newRow("walker2d_v5") << "walker2d_v5.xml";
  QTest::newRow("half_cheetah") << "half_cheetah.xml";
  QTest::newRow("ant") << "ant.xml";
}

void add_trajectory_rows() {
  QTest::addColumn<QString>("gym_id");
  QTest::addColumn<QString>("ours");
  QTest::addColumn<int>("seed");
  QTest::addColumn<QString>("mode");
  QTest::newRow("Hopper-v4 episodes") << "Hopper-v4" << "hopper" << 3 << "reset";
  QTest::newRow("Hopper-v4 after falling") << "Hopper-v4" << "hopper" << 13 << "continue";
  QTest::newRow("Walker2d-v4 episodes") << "Walker2d-v4" << "walker2d" << 4 << "reset";
  QTest::newRow("Walker2d-v4 after falling") << "Walker2d-v4" << "walker2d" << 14 << "continue";
  QTest::newRow("HalfCheetah-v4") << "HalfCheetah-v4" << "halfcheetah" << 5 << "continue";
  QTest::newRow("Ant-v4") << "Ant-v4" << "ant" << 6 << "reset";
  // v5: the healthy reward stops when unhealthy (seen after a fall), Walker2d's right foot grips.
  QTest::newRow("Hopper-v5 episodes") << "Hopper-v5" << "hopper-v5" << 7 << "reset";
  QTest::newRow("Hopper-v5 after falling") << "Hopper-v5" << "hopper-v5" << 17 << "continue";
  QTest::newRow("Walker2d-v5 episodes") << "Walker2d-v5" << "walker2d-v5" << 8 << "reset";
  QTest::newRow("Walker2d-v5 after falling") << "Walker2d-v5" << "walker2d-v5" << 18 << "continue";
  QTest::newRow("HalfCheetah-v5") << "HalfCheetah-v5" << "halfcheetah-v5" << 9 << "continue";
  // Ant-v5: the clipped contact forces in the observation and their cost in the reward.
  QTest::newRow("Ant-v5 episodes") << "Ant-v5" << "ant-v5" << 10 << "reset";
  QTest::newRow("Ant-v5 after falling") << "Ant-v5" << "ant-v5" << 20 << "continue";
}

}  // namespace

class MujocoVsGymnasium : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    if (reference_python().isEmpty()) QSKIP("no reference Python configured (VACO_PYTHON is empty)");
    QString out;
    const int rc = run_reference_python({"-c", "import gymnasium.envs.mujoco, mujoco; "
                                     "print(mujoco.__version__)"}, &out);
    QVERIFY2(rc == 0, qPrintable("gymnasium's MuJoCo envs do not import: " + out));
    qInfo("reference: gymnasium *-v4 and *-v5 on MuJoCo %s", qPrintable(out.trimmed()));
  }

  void models_match_data() { add_model_rows(); }
  void models_match() {
    QFETCH(QString, model);
    QString out;
    const QString ours = QString::fromStdString(find_resource("mujoco/" + model.toStdString()));
    const int rc = run_reference_python({reference_script("compare_models.py"), ours, model}, &out);
    qInfo("%s", qPrintable(out.trimmed()));
    QVERIFY2(rc == 0, qPrintable(out));
  }

  void trajectories_match_data() { add_trajectory_rows(); }
  void trajectories_match() {
    QFETCH(QString, gym_id);
    QFETCH(QString, ours);
    QFETCH(int, seed);
    QFETCH(QString, mode);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("trajectory.bin");
    QString out;
    const int rc = run_reference_python({reference_script("gym_trajectory.py"), gym_id, QString::number(seed), QString::number(kSteps),
                               mode, file}, &out);
    QVERIFY2(rc == 0, qPrintable(out));

    Reader r(read_doubles(file.toStdString()));
    const auto header = r.take(5);
    const size_t nq = size_t(header[0]), nv = size_t(header[1]), nu = size_t(header[2]), od = size_t(header[3]);
    QCOMPARE(int(header[4]), kSteps);

    auto env = make_mujoco_env(ours.toStdString());
    QCOMPARE(env->qpos_dim(), int64_t(nq));
    QCOMPARE(env->qvel_dim(), int64_t(nv));
    QCOMPARE(env->action_dim(), int64_t(nu));
    // Ant-v4: gymnasium gives the 27 entries before the contact forces (see gym_trajectory.py).
    QCOMPARE(env->observation_dim(), ours == "ant" ? int64_t(od) + 84 : int64_t(od));
    double obs_err = 0.0, rew_err = 0.0, state_err = 0.0;
    int terminated_steps = 0, episodes = 0, first_bad = -1, contact_entries_set = 0;
    for (int t = 0; t < kSteps; ++t) {
      if (r.one() != 0.0) {  // gymnasium started an episode: start ours from the same state
        env->reset(0);
        const auto qpos0 = r.take(nq), qvel0 = r.take(nv);
        env->set_state(qpos0, qvel0);
        const double e = max_obs_diff(r.take(od), env->observation64());
        if (first_bad < 0 && e > kTolerance) first_bad = t;
        obs_err = std::max(obs_err, e);
        ++episodes;
      }
      const auto action = r.take(nu);
      const std::vector<float> a(action.begin(), action.end());  // float32 values, exact
      const auto obs = r.take(od);
      for (size_t j = 27; ours == "ant-v5" && j < obs.size(); ++j) contact_entries_set += obs[j] != 0.0;
      const double reward = r.one();
      const bool terminated = r.one() != 0.0;
      const auto qpos = r.take(nq), qvel = r.take(nv);
      const StepResult step = env->step(a);
      const double oe = max_obs_diff(obs, env->observation64());
      const double re = std::abs(step.reward - reward);
      const double se = std::max(max_abs_diff(qpos, env->qpos()), max_abs_diff(qvel, env->qvel()));
      if (first_bad < 0 && (oe > kTolerance || !(re <= kTolerance) || se > kTolerance || step.terminated != terminated)) {
        first_bad = t;
      }
      obs_err = std::max(obs_err, oe);
      rew_err = std::max(rew_err, std::isnan(re) ? INFINITY : re);
      state_err = std::max(state_err, se);
      terminated_steps += terminated;
    }
    QVERIFY(r.done());
    qInfo("%s (%s): %d steps in %d episodes, %d terminated steps; max |obs diff| %.3g, |reward diff| %.3g, "
          "|qpos/qvel diff| %.3g",
          qPrintable(gym_id), qPrintable(mode), kSteps, episodes, terminated_steps, obs_err, rew_err, state_err);
    QVERIFY2(first_bad < 0, qPrintable(QString("first step off by more than %1: %2").arg(kTolerance).arg(first_bad)));
    if (ours.startsWith("hopper") || ours.startsWith("walker2d")) QVERIFY(terminated_steps > 0);  // termination exercised
    if (ours == "ant-v5") QVERIFY(contact_entries_set > 0);  // the contact forces were compared, not zeros
  }
};

QTEST_APPLESS_MAIN(MujocoVsGymnasium)
#include "test_mujoco_vs_gymnasium.moc"
