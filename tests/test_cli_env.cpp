// `vaco env list|rollout|check-dataset` and `vaco bench env`: the round trip through files,
// mismatch detection, and clear errors.
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "tests/support/test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vaco;

class CliEnv : public QObject {
  Q_OBJECT
 private slots:
  void list_has_the_locomotion_envs() {
    const auto r = test::runCli({"env", "list", "--json"});
    QCOMPARE(r.exit_code, 0);
    QStringList names;
    for (const auto& v : QJsonDocument::fromJson(r.out).array()) {
      const QJsonObject o = v.toObject();
      names << o["name"].toString();
      if (o["name"] == "hopper") {
        QCOMPARE(o["obs_dim"].toInt(), 11);
        QCOMPARE(o["act_dim"].toInt(), 3);
        QCOMPARE(o["expert_return"].toDouble(), 3234.3);
      }
    }
    for (const char* n : {"hopper", "walker2d", "halfcheetah", "ant", "projectile"}) QVERIFY2(names.contains(n), n);
  }

  void rollout_then_check_dataset_matches() {
    const QString path = test::tempPath("cli-walker.hdf5");
    const auto roll = test::runCli({"env", "rollout", "--env", "walker2d", "--episodes", "3", "--seed", "2", "--out", path});
    QVERIFY2(roll.exit_code == 0, roll.err.constData());
    const Dataset ds = read_d4rl(path.toStdString());
    QVERIFY(ds.infos.count("infos/qpos") && ds.infos.count("infos/qvel"));
    QCOMPARE(ds.infos.at("infos/qpos").size(1), 9);
    const auto check = test::runCli({"env", "check-dataset", path, "--json"});
    QVERIFY2(check.exit_code == 0, check.err.constData());
    const QJsonObject j = QJsonDocument::fromJson(check.out).object();
    for (const char* key : {"rows_checked", "match_fraction", "max_obs_error", "max_reward_error"}) QVERIFY2(j.contains(key), key);
    QCOMPARE(j["rows_checked"].toInt(), int(ds.size()));
    QCOMPARE(j["match_fraction"].toDouble(), 1.0);
    QVERIFY(j["max_obs_error"].toDouble() < 1e-4);
  }

  void tampered_file_is_caught() {
    const QString path = test::tempPath("cli-hopper.hdf5");
    QCOMPARE(test::runCli({"env", "rollout", "--env", "hopper", "--episodes", "2", "--out", path}).exit_code, 0);
    Dataset ds = read_d4rl(path.toStdString());
    ds.rewards[5] += 0.5f;
    write_d4rl(ds, path.toStdString());
    const auto r = test::runCli({"env", "check-dataset", path, "--env", "hopper", "--json"});
    QCOMPARE(r.exit_code, 1);
    const QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["first_mismatch_row"].toInt(), 5);
    QVERIFY(qAbs(j["max_reward_error"].toDouble() - 0.5) < 1e-3);
    QVERIFY(r.err.contains("row 5"));
  }

  void bad_input_errors() {
    auto r = test::runCli({"env", "rollout", "--env", "teapot", "--out", test::tempPath("x.hdf5")});
    QCOMPARE(r.exit_code, 1);
    QVERIFY(r.err.contains("unknown environment 'teapot'"));
    QCOMPARE(r.err.count('\n'), 1);
    const QString plain = test::tempPath("plain.hdf5");
    write_d4rl(test::makeSmallDataset(), plain.toStdString());
    r = test::runCli({"env", "check-dataset", plain, "--env", "hopper"});
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains("infos/qpos"), r.err.constData());
    r = test::runCli({"env", "check-dataset", plain});  // no env in the name or metadata
    QCOMPARE(r.exit_code, 2);
    QVERIFY(r.err.contains("--env"));
    QCOMPARE(test::runCli({"env", "rollout", "--env", "hopper"}).exit_code, 2);  // --out missing
  }

  void bench_env_reports_speed() {
    const auto r = test::runCli({"bench", "env", "--env", "hopper", "--steps", "500", "--json"});
    QCOMPARE(r.exit_code, 0);
    QVERIFY(QJsonDocument::fromJson(r.out).object()["steps_per_s"].toDouble() > 0);
  }
};

QTEST_APPLESS_MAIN(CliEnv)
#include "test_cli_env.moc"
