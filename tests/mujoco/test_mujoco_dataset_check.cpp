// Random rollouts written as D4RL files, read back and replayed by check_dataset: our own data
// must match our physics (match fraction 1.0), and tampered data must not.
#include <cmath>

#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "core/envs/mujoco/dataset_check.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/random_rollout.h"
#include "core/util/error.h"
#include "tests/mujoco/reference_python.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace vaco;

namespace {
// Rows store float32 qpos/qvel, so the replayed state differs from the recorded one by float32
// rounding; shared/reference/mujoco-envs.md measured worst errors of 7.9e-7 (hopper), 6.0e-6
// (walker2d) and 6.7e-5 (halfcheetah) for this replay. check_dataset compares with
// |ours - file| <= kTolerance * (1 + |file|); our random HalfCheetah data reaches 1.9e-4 absolute
// on a 10 rad/s joint velocity (1.9e-5 relative), which a pure 1e-4 absolute test would reject.
constexpr double kTolerance = 1e-4;
}  // namespace

class MujocoDatasetCheck : public QObject {
  Q_OBJECT
 private slots:
  void round_trip_matches_data() {
    QTest::addColumn<QString>("env");
    QTest::addColumn<int>("episodes");
    QTest::newRow("hopper") << "hopper" << 20;
    QTest::newRow("walker2d") << "walker2d" << 20;
    QTest::newRow("halfcheetah") << "halfcheetah" << 2;
    QTest::newRow("ant") << "ant" << 3;
  }
  void round_trip_matches() {
    QFETCH(QString, env);
    QFETCH(int, episodes);
    auto e = make_env(env.toStdString());
    const Dataset made = rollout_random(*e, episodes, 11);
    QCOMPARE(int64_t(made.episodes.size()), int64_t(episodes));
    QTemporaryDir dir;
    const std::string path = dir.filePath(env + "-random.hdf5").toStdString();
    write_d4rl(made, path);
    const Dataset ds = read_d4rl(path);
    QCOMPARE(ds.size(), made.size());
    QVERIFY(ds.infos.count("infos/qpos") == 1 && ds.infos.count("infos/qvel") == 1);

    auto fresh = make_env(ds.name);  // the family comes from the file name
    const DatasetCheckResult r = check_dataset(ds, *fresh, kTolerance);
    qInfo("%s: %lld rows, match %.6f, max obs err %.3g (row %lld, entry %lld, value %.4g), max reward err %.3g",
          qPrintable(env), (long long)r.rows_checked, r.match_fraction, r.max_obs_error,
          (long long)r.max_obs_error_row, (long long)r.max_obs_error_index, r.max_obs_error_value,
          r.max_reward_error);
    QCOMPARE(r.rows_total, ds.size());
    QCOMPARE(r.rows_checked, ds.size());
    QCOMPARE(r.rows_without_next_obs, 0);
    QCOMPARE(r.terminal_mismatches, 0);
    QCOMPARE(r.match_fraction, 1.0);
    QCOMPARE(r.first_mismatch_row, -1);
    QVERIFY(r.max_obs_error <= kTolerance * (1.0 + std::abs(r.max_obs_error_value)));
    QVERIFY(r.max_obs_error < 1e-3 && r.max_reward_error < 1e-4);

    // Without next_observations the following row of the episode is the reference.
    Dataset no_next = ds;
    no_next.next_observations = torch::Tensor();
    const DatasetCheckResult r2 = check_dataset(no_next, *fresh, kTolerance);
    QCOMPARE(r2.match_fraction, 1.0);
    QCOMPARE(r2.rows_without_next_obs, int64_t(episodes));
  }

  // Files recorded by gymnasium (an independent implementation), in D4RL's layout and float32
  // precision, as users bring them: every row must replay within the tolerance.
  void gymnasium_file_matches_data() {
    QTest::addColumn<QString>("gym_id");
    QTest::addColumn<QString>("env");
    QTest::newRow("Hopper-v4") << "Hopper-v4" << "hopper";
    QTest::newRow("Walker2d-v4") << "Walker2d-v4" << "walker2d";
    QTest::newRow("HalfCheetah-v4") << "HalfCheetah-v4" << "halfcheetah";
    QTest::newRow("Ant-v4") << "Ant-v4" << "ant";
  }
  void gymnasium_file_matches() {
    QFETCH(QString, gym_id);
    QFETCH(QString, env);
    if (test::reference_python().isEmpty()) QSKIP("no reference Python configured (VACO_PYTHON is empty)");
    QTemporaryDir dir;
    const QString file = dir.filePath("gym.hdf5");
    QString out;
    const int rc = test::run_reference_python({test::reference_script("gym_d4rl_file.py"), gym_id, "8", "250", "21", file}, &out);
    QVERIFY2(rc == 0, qPrintable(out));
    const Dataset ds = read_d4rl(file.toStdString());
    auto e = make_env(env.toStdString());
    const DatasetCheckResult r = check_dataset(ds, *e, kTolerance);
    qInfo("%s file: %lld rows, match %.6f, max obs err %.3g (row %lld, entry %lld, value %.4g), max reward err %.3g",
          qPrintable(gym_id), (long long)r.rows_checked, r.match_fraction, r.max_obs_error,
          (long long)r.max_obs_error_row, (long long)r.max_obs_error_index, r.max_obs_error_value,
          r.max_reward_error);
    QCOMPARE(r.rows_checked, ds.size());
    QCOMPARE(r.terminal_mismatches, 0);
    // HalfCheetah is the most sensitive to the float32 rounding of the recorded state: in this
    // file 1 row of 2000 (a leg near its stiff joint limit) is off by 1.7e-4 relative. Replaying
    // the same file with MuJoCo's own Python bindings (no code of ours) gives the same row and
    // the same error, so it is the data's precision, not our physics. We therefore require every
    // row within 1e-3 and at least 99.9% within the default 1e-4; the other envs match fully.
    QVERIFY(r.match_fraction >= 0.999);
    if (env != "halfcheetah") QCOMPARE(r.match_fraction, 1.0);
    QCOMPARE(check_dataset(ds, *e, 1e-3).match_fraction, 1.0);
  }

  void timeouts_at_step_limit() {
    auto env = make_env("halfcheetah");
    const Dataset ds = rollout_random(*env, 2, 3);
    QCOMPARE(ds.size(), 2000);
    QCOMPARE(ds.terminals.sum().item<float>(), 0.0f);
    QCOMPARE(ds.timeouts.sum().item<float>(), 2.0f);
    QCOMPARE(ds.timeouts[999].item<float>(), 1.0f);
    QCOMPARE(ds.timeouts[1999].item<float>(), 1.0f);
    QCOMPARE(ds.episodes.size(), size_t(2));
    QCOMPARE(ds.episodes[0].end, EpisodeEnd::Timeout);
    // Hopper episodes of random actions end by termination long before the limit.
    auto hopper = make_env("hopper");
    const Dataset h = rollout_random(*hopper, 3, 3);
    QCOMPARE(h.terminals.sum().item<float>(), 3.0f);
    QCOMPARE(h.timeouts.sum().item<float>(), 0.0f);
  }

  void rollouts_are_seeded() {
    auto env = make_env("walker2d");
    const Dataset a = rollout_random(*env, 3, 5), b = rollout_random(*env, 3, 5), c = rollout_random(*env, 3, 6);
    QVERIFY(torch::equal(a.observations, b.observations) && torch::equal(a.actions, b.actions));
    QVERIFY(torch::equal(a.infos.at("infos/qpos"), b.infos.at("infos/qpos")));
    QVERIFY(a.size() != c.size() || !torch::equal(a.actions, c.actions));
  }

  void tampered_rows_do_not_match() {
    auto env = make_env("hopper");
    Dataset ds = rollout_random(*env, 5, 2);
    ds.rewards[7] += 0.01f;
    ds.next_observations[3][4] += 0.001f;
    ds.terminals[2] = 1.0f;  // row 2 is not an episode end
    const DatasetCheckResult r = check_dataset(ds, *env, kTolerance);
    QCOMPARE(r.rows_matched, r.rows_checked - 3);
    QCOMPARE(r.first_mismatch_row, 2);
    QCOMPARE(r.terminal_mismatches, 1);
    QVERIFY(std::abs(r.max_reward_error - 0.01) < 1e-3);
    QVERIFY(std::abs(r.max_obs_error - 0.001) < 1e-4);
  }

  void unusable_datasets_are_errors() {
    auto hopper = make_env("hopper");
    auto walker = make_env("walker2d");
    Dataset ds = rollout_random(*hopper, 1, 1);
    QVERIFY_THROWS_EXCEPTION(Error, check_dataset(ds, *walker));  // widths do not fit
    try {
      check_dataset(ds, *walker);
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("infos/qpos has width 6 but walker2d needs 9") != std::string::npos, e.what());
    }
    ds.infos.clear();
    QVERIFY_THROWS_EXCEPTION(Error, check_dataset(ds, *hopper));
    auto projectile = make_env("projectile");
    QVERIFY_THROWS_EXCEPTION(Error, check_dataset(ds, *projectile));
    QVERIFY_THROWS_EXCEPTION(Error, rollout_random(*hopper, 0, 1));
  }
};

QTEST_APPLESS_MAIN(MujocoDatasetCheck)
#include "test_mujoco_dataset_check.moc"
