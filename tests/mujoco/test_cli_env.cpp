// `vaco env list|rollout|check-dataset` and `vaco bench env`: the round trip through files,
// mismatch detection, and clear errors.
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/random_rollout.h"
#include "core/train/saved_policy.h"
#include "tests/support/test_support.h"

#include <filesystem>
#include <fstream>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vaco;

namespace {

// A BC run (small nets, no evaluation) trained on a random hopper rollout made by the CLI.
QString hopperRun() {
  static const QString dir = [] {
    const QString data = test::tempPath("policy-src-hopper.hdf5");
    auto r = test::runCli({"env", "rollout", "--env", "hopper", "--policy", "random", "--episodes", "20", "--seed", "1",
                           "--out", data});
    if (r.exit_code != 0) qFatal("rollout failed: %s", r.err.constData());
    const QString run = test::tempPath("policy-run");
    r = test::runCli({"train", "--dataset", data, "--algo", "bc", "--steps", "200", "--value-steps", "0", "--device",
                      "cpu", "--set", "hidden=32", "--set", "depth=2", "--set", "eval_episodes=0", "--out", run});
    if (r.exit_code != 0) qFatal("train failed: %s", r.err.constData());
    return run;
  }();
  return dir;
}

// Expects exit status 1 and one line on stderr containing `part`.
void expectError(const QStringList& args, const char* part) { test::expectCliError(args, 1, part); }

}  // namespace

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
    for (const char* n : {"hopper", "walker2d", "halfcheetah", "ant", "projectile", "antmaze-umaze-v2", "AntMaze_UMaze-v5"}) {
      QVERIFY2(names.contains(n), n);
    }
  }

  void antmaze_rollout_records_the_goal_and_replays() {
    for (const char* env : {"antmaze-umaze-v2", "AntMaze_UMaze-v5"}) {
      const QString path = test::tempPath(QString("cli-%1.hdf5").arg(env));
      const auto roll = test::runCli({"env", "rollout", "--env", env, "--episodes", "1", "--seed", "3", "--out", path});
      QVERIFY2(roll.exit_code == 0, roll.err.constData());
      Dataset ds = read_d4rl(path.toStdString());
      QCOMPARE(ds.size(), int64_t(700));  // random actions never reach the goal: the step limit ends it
      QVERIFY(ds.infos.count("infos/goal"));
      const torch::Tensor goal = ds.infos.at("infos/goal");
      QCOMPARE(goal.size(1), 2);
      QVERIFY(torch::equal(goal[0], goal[699]));  // one goal per episode
      const auto check = test::runCli({"env", "check-dataset", path, "--json"});
      QVERIFY2(check.exit_code == 0, check.err.constData());
      QCOMPARE(QJsonDocument::fromJson(check.out).object()["match_fraction"].toDouble(), 1.0);
      // Rewards are replayed against the recorded goal: a file whose goal moved onto the ant's
      // path pays where the file says 0.
      ds.infos["infos/goal"].select(1, 0).copy_(ds.infos.at("infos/qpos").select(1, 0).to(ds.infos.at("infos/goal").dtype()));
      ds.infos["infos/goal"].select(1, 1).copy_(ds.infos.at("infos/qpos").select(1, 1).to(ds.infos.at("infos/goal").dtype()));
      write_d4rl(ds, path.toStdString());
      const auto moved = test::runCli({"env", "check-dataset", path, "--env", env, "--json"});
      QCOMPARE(moved.exit_code, 1);
    }
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

  void policy_rollout_replays_and_follows_the_policy() {
    const QString out = test::tempPath("policy-rollout.hdf5");
    // A D4RL id of the same family is accepted.
    const auto roll = test::runCli({"env", "rollout", "--env", "hopper-medium-v2", "--policy", hopperRun(), "--episodes",
                                    "4", "--seed", "5", "--out", out});
    QVERIFY2(roll.exit_code == 0, roll.err.constData());
    const Dataset ds = read_d4rl(out.toStdString());
    QCOMPARE(int64_t(ds.episodes.size()), 4);
    QCOMPARE(ds.infos.at("infos/qpos").size(1), 6);
    QCOMPARE(ds.infos.at("infos/qvel").size(1), 6);
    // Every episode ends on exactly one terminal or timeout row.
    QCOMPARE((ds.terminals + ds.timeouts).sum().item<float>(), 4.0f);
    // The actions are the saved policy's deterministic actions for the recorded observations.
    train::SavedPolicy saved = train::load_saved_policy(hopperRun().toStdString());
    const torch::Tensor expected = saved.act(ds.observations);
    QVERIFY2(torch::allclose(expected, ds.actions, 1e-5, 1e-6),
             qPrintable(QString::number((expected - ds.actions).abs().max().item<float>())));
    // ... and not the random rollout's of the same seed.
    auto env = make_env("hopper");
    QVERIFY(!torch::equal(rollout_random(*env, 1, 5).actions[0], ds.actions[0]));

    const auto check = test::runCli({"env", "check-dataset", out, "--json"});
    QVERIFY2(check.exit_code == 0, check.err.constData());
    const QJsonObject j = QJsonDocument::fromJson(check.out).object();
    QCOMPARE(j["rows_checked"].toInt(), int(ds.size()));
    QCOMPARE(j["match_fraction"].toDouble(), 1.0);
  }

  void policy_rollout_errors() {
    const QString out = test::tempPath("policy-bad.hdf5");
    expectError({"env", "rollout", "--policy", test::tempPath("no-such-run"), "--out", out}, "no such run directory");
    const QString empty = test::tempPath("empty-run");
    std::filesystem::create_directories(empty.toStdString());
    expectError({"env", "rollout", "--policy", empty, "--out", out}, "config.json");
    expectError({"env", "rollout", "--env", "walker2d", "--policy", hopperRun(), "--out", out},
                "--env walker2d differs from the environment of run");
    // A run whose run.json claims walker2d: its hopper-sized policy does not fit walker2d.
    const std::filesystem::path copy = test::tempPath("relabelled-run").toStdString();
    std::filesystem::copy(hopperRun().toStdString(), copy, std::filesystem::copy_options::recursive);
    nlohmann::json run = nlohmann::json::parse(std::ifstream(copy / "run.json"));
    run["env_id"] = "walker2d-medium-v2";
    std::ofstream(copy / "run.json") << run.dump();
    expectError({"env", "rollout", "--policy", QString::fromStdString(copy.string()), "--out", out},
                "has a policy for 11 observation and 3 action values; walker2d has 17 and 6");
    QCOMPARE(test::runCli({"env", "rollout", "--out", out}).exit_code, 2);  // random needs --env
    QVERIFY(!std::filesystem::exists(out.toStdString()));
  }

  void bench_env_reports_speed() {
    auto r = test::runCli({"bench", "env", "--env", "hopper", "--steps", "500", "--json"});
    QCOMPARE(r.exit_code, 0);
    QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QVERIFY(j["steps_per_s"].toDouble() > 0);
    QCOMPARE(j["batch"].toInt(), 1);
    QCOMPARE(j["steps"].toInt(), 500);
    // B envs in one loop: the batch's total steps; one env is timed too.
    r = test::runCli({"bench", "env", "--env", "HalfCheetah-v4", "--batch", "4", "--steps", "4004", "--json"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["env"].toString(), QString("halfcheetah"));
    QCOMPARE(j["batch"].toInt(), 4);
    QCOMPARE(j["steps"].toInt(), 4004);
    QCOMPARE(j["episodes"].toInt(), 8);  // 1001 steps each: 4 started, 4 more after the 1000-step limit
    for (const char* key : {"steps_per_s", "steps_per_cpu_s", "single_steps_per_s", "single_steps_per_cpu_s"})
      QVERIFY2(j[key].toDouble() > 0, key);
    QCOMPARE(test::runCli({"bench", "env", "--env", "hopper", "--batch", "0"}).exit_code, 2);
  }
};

QTEST_APPLESS_MAIN(CliEnv)
#include "test_cli_env.moc"
