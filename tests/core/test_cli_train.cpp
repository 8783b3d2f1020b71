// `vaco train` and `vaco demo`: exit codes, one-line errors for bad settings before any work,
// the run directory's files, and the demo's table in a small mode.
#include "core/train/train_config.h"
#include "tests/support/test_support.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace vaco;

namespace {

// A small projectile file made by the CLI itself.
QString projectileFile() {
  static const QString path = [] {
    const QString p = test::tempPath("proj-train.hdf5");
    const auto r = test::runCli({"datagen", "projectile", "--out", p, "--samples", "1000", "--seed", "1"});
    if (r.exit_code != 0) qFatal("datagen failed: %s", r.err.constData());
    return p;
  }();
  return path;
}

// Expects exit status `code` and one line on stderr containing `part`.
void expectFailure(const QStringList& args, int code, const char* part) { test::expectCliError(args, code, part); }

}  // namespace

class CliTrain : public QObject {
  Q_OBJECT
 private slots:
  void train_writes_a_run_directory() {
    const QString dir = test::tempPath("run-bc");
    const auto r = test::runCli({"train", "--dataset", projectileFile(), "--algo", "bc", "--steps", "60", "--device",
                                 "cpu", "--set", "hidden=16", "--set", "depth=1", "--set", "log_every=20", "--set",
                                 "eval_episodes=8", "--out", dir});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY(r.out.contains("step 60/60"));
    QVERIFY(r.out.contains("steps/s"));
    QVERIFY(r.out.contains("normalized score"));
    QVERIFY(r.out.contains("run completed"));
    for (const char* f : {"config.json", "metrics.jsonl", "policy.pt", "normalization.json"})
      QVERIFY2(QFile::exists(dir + "/" + f), f);
    const train::TrainConfig c = train::load_config((dir + "/config.json").toStdString());
    QCOMPARE(c.algo, std::string("bc"));
    QCOMPARE(c.hidden, int64_t{16});
    QCOMPARE(c.steps, int64_t{60});

    // `vaco eval` reads the run back and evaluates its policy.
    const auto e = test::runCli({"eval", dir, "--episodes", "12", "--seed", "5", "--json"});
    QVERIFY2(e.exit_code == 0, e.err.constData());
    const auto j = nlohmann::json::parse(e.out.toStdString());
    QCOMPARE(j["episodes"].get<int64_t>(), int64_t{12});
    QCOMPARE(j["seed"].get<int64_t>(), int64_t{5});
    QCOMPARE(j["policy_step"].get<int64_t>(), int64_t{60});
    QCOMPARE(j["normalized_score"].get<double>(), j["score_mean"].get<double>());
    QVERIFY(j["env_steps"].get<int64_t>() >= 12);
    QVERIFY(!j.contains("steps"));
    QCOMPARE(j["env"].get<std::string>(), std::string("projectile"));
    QCOMPARE(j["returns"].size(), size_t{12});
    QVERIFY(j["return_mean"].get<double>() > 0);
    // On the projectile: the angles against the optimum, as `vaco demo` scores them.
    const double error = j["angle_error_deg"].get<double>();
    QVERIFY2(error > 0 && error < 90, qPrintable(QString::number(error)));
    QVERIFY(j["mean_range"].get<double>() > 0);
    QVERIFY(j["mean_range"].get<double>() <= j["optimal_mean_range"].get<double>() + 1e-9);
    const auto text = test::runCli({"eval", dir});
    QCOMPARE(text.exit_code, 0);
    QVERIFY(text.out.contains("normalized score"));
    QVERIFY2(text.out.contains("mean error"), text.out.constData());
    expectFailure({"eval", test::tempPath("no-run")}, 1, "no such run directory");
  }

  void config_file_then_flags_then_set() {
    train::TrainConfig base;
    base.algo = "iql";
    base.steps = 999;
    base.value_steps = 20;
    base.hidden = 16;
    base.depth = 1;
    base.eval_episodes = 0;
    base.device = "cpu";
    const QString cfg = test::tempPath("cfg.json");
    train::save_config(base, cfg.toStdString());
    const QString dir = test::tempPath("run-iql");
    const auto r = test::runCli({"train", "--dataset", projectileFile(), "--config", cfg, "--steps", "30", "--set",
                                 "iql.beta=1.5", "--out", dir});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const train::TrainConfig c = train::load_config((dir + "/config.json").toStdString());
    QCOMPARE(c.algo, std::string("iql"));
    QCOMPARE(c.steps, int64_t{30});
    QCOMPARE(c.iql.beta, 1.5);
    QVERIFY(r.out.contains("step 50/50"));
  }

  void resume_continues_from_the_checkpoint() {
    const QString dir = test::tempPath("run-resume");
    const QStringList common{"--set", "hidden=16", "--set", "depth=1", "--set", "log_every=20",
                             "--set", "eval_episodes=0", "--set", "checkpoint_every=20"};
    auto r = test::runCli(QStringList{"train", "--dataset", projectileFile(), "--algo", "td3bc", "--steps", "60",
                                      "--device", "cpu", "--out", dir} + common);
    QVERIFY2(r.exit_code == 0, r.err.constData());
    // Checkpoints at 20 and 40 (the last step, 60, needs none).
    QVERIFY(QFile::exists(dir + "/checkpoints/step-000000020.pt"));
    QVERIFY(QFile::exists(dir + "/checkpoints/step-000000040.pt"));
    QVERIFY(!QFile::exists(dir + "/checkpoint.pt"));
    QVERIFY(QFile::exists(dir + "/eval.csv"));
    // A truncated newest checkpoint is skipped with a note.
    QFile newest(dir + "/checkpoints/step-000000040.pt");
    QVERIFY(newest.resize(newest.size() / 2));
    r = test::runCli({"train", "--resume", dir, "--steps", "80"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("note: ") && r.out.contains("step-000000040.pt"), r.out.constData());
    QVERIFY(r.out.contains("resuming at step 20"));
    QVERIFY(r.out.contains("step 80/80"));
    QCOMPARE(train::load_config((dir + "/config.json").toStdString()).steps, int64_t{80});
    expectFailure({"train", "--resume", test::tempPath("nothing-here")}, 1, "nothing-here");
  }

  void sigint_checkpoints_and_exits_0() {
    const QString dir = test::tempPath("run-sigint");
    QProcess p;
    p.start(VACO_CLI_PATH, {"train", "--dataset", projectileFile(), "--algo", "bc", "--steps", "100000000", "--device",
                            "cpu", "--set", "hidden=16", "--set", "depth=1", "--set", "log_every=50", "--out", dir});
    QVERIFY(p.waitForStarted());
    QByteArray out;
    while (!out.contains("[policy] step") && p.waitForReadyRead(30000)) out += p.readAllStandardOutput();
    QVERIFY2(out.contains("[policy] step"), out.constData());
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(30000));
    out += p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.contains("run interrupted"), out.constData());
    QVERIFY(!QDir(dir + "/checkpoints").entryList({"step-*.pt"}, QDir::Files).isEmpty());
    QVERIFY(QFile::exists(dir + "/policy.pt"));
  }

  void seeds_train_together_into_seed_folders() {
    const QString dir = test::tempPath("run-seeds");
    const QStringList common{"train", "--dataset", projectileFile(), "--algo", "bc", "--device", "cpu", "--set",
                             "hidden=16", "--set", "depth=1", "--set", "log_every=20", "--set", "eval_episodes=4",
                             "--set", "checkpoint_every=20"};
    const auto r = test::runCli(common + QStringList{"--steps", "40", "--seeds", "1,2", "--out", dir});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("seeds 1,2 batched"), r.out.constData());
    QVERIFY(r.out.contains("seed 1: [policy] step 40/40"));
    QVERIFY(!r.out.contains("seed 2: [policy]"));  // one progress line: the first seed's
    for (const char* s : {"1", "2"}) {
      QVERIFY(r.out.contains(QString("seed %1: eval at step 40").arg(s).toUtf8()));
      QVERIFY(r.out.contains(QString("seed %1: run completed").arg(s).toUtf8()));
      const QString run = dir + "/seed-" + s;
      QVERIFY(QFile::exists(run + "/policy.pt"));
      QCOMPARE(train::load_config((run + "/config.json").toStdString()).seed, uint64_t(QString(s).toULongLong()));
    }
    // Seed 2 of the batch is the run `--seed 2` makes alone.
    const QString alone = test::tempPath("run-seed-2-alone");
    QCOMPARE(test::runCli(common + QStringList{"--steps", "40", "--seed", "2", "--out", alone}).exit_code, 0);
    const auto eval_of = [](const QString& run) {
      const auto e = test::runCli({"eval", run, "--episodes", "6", "--seed", "3", "--json"});
      return nlohmann::json::parse(e.out.toStdString())["return_mean"].get<double>();
    };
    QVERIFY(std::abs(eval_of(dir + "/seed-2") - eval_of(alone)) < 1e-3);
    // Resumed together from their checkpoints at step 20, on to 60 steps.
    const auto resumed = test::runCli({"train", "--resume", dir, "--seeds", "1,2", "--steps", "60"});
    QVERIFY2(resumed.exit_code == 0, resumed.err.constData());
    QVERIFY(resumed.out.contains("seed 1: resuming at step 20"));
    QVERIFY(resumed.out.contains("seed 2: resuming at step 20"));
    QVERIFY(resumed.out.contains("seed 2: eval at step 60"));
    expectFailure(common + QStringList{"--seed", "1", "--seeds", "1,2", "--out", dir + "x"}, 2, "--seeds");
    expectFailure(common + QStringList{"--seeds", "3,3", "--out", dir + "y"}, 1, "a seed is given twice");
  }

  void bad_settings_fail_before_work() {
    const QString dir = test::tempPath("run-bad");
    const QString data = projectileFile();
    expectFailure({"train", "--dataset", data, "--set", "vaco.alpha=0.01", "--out", dir}, 1,
                  "unknown setting 'vaco.alpha'");
    expectFailure({"train", "--dataset", data, "--set", "vaco.policy_lr=-1", "--out", dir}, 1, "vaco.policy_lr");
    expectFailure({"train", "--dataset", data, "--algo", "sac", "--out", dir}, 1, "unknown algorithm 'sac'");
    expectFailure({"train", "--dataset", data, "--device", "tpu", "--out", dir}, 1, "bad device");
    expectFailure({"train", "--dataset", "/nonexistent.hdf5", "--algo", "bc", "--out", dir}, 1, "nonexistent");
    expectFailure({"train", "--dataset", data}, 2, "--out");
    QVERIFY(!QDir(dir).exists());
    if (!torch::cuda::is_available())
      expectFailure({"train", "--dataset", data, "--device", "cuda", "--out", dir}, 1, "CUDA is not available");
  }

  void bench_step_prints_positive_timings() {
    for (const char* algo : {"vaco", "bc", "iql", "td3bc"}) {
      const auto r = test::runCli({"bench", "step", "--algo", algo, "--steps", "3", "--warmup", "1", "--batch", "32",
                                   "--hidden", "16", "--depth", "2", "--json"});
      QVERIFY2(r.exit_code == 0, r.err.constData());
      const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
      QCOMPARE(j["algo"].get<std::string>(), std::string(algo));
      QCOMPARE(j["batch"].get<int64_t>(), int64_t{32});
      QCOMPARE(j["hidden"].get<int64_t>(), int64_t{16});
      QCOMPARE(j["depth"].get<int64_t>(), int64_t{2});
      QCOMPARE(j["threads"].get<int64_t>(), int64_t{1});
      QCOMPARE(j["device"].get<std::string>(), std::string("cpu"));
      QVERIFY2(j["ms_per_step"].get<double>() > 0.0, algo);
      QVERIFY2(j["steps_per_s"].get<double>() > 0.0, algo);
    }
    expectFailure({"bench", "step", "--algo", "sac"}, 2, "--algo");
    // --set reaches the benchmarked config after the other options, and is checked as train's is.
    const auto frozen = test::runCli({"bench", "step", "--algo", "vaco", "--steps", "2", "--warmup", "1", "--batch", "32",
                                      "--hidden", "16", "--depth", "2", "--set", "vaco.update_critic=false", "--set",
                                      "hidden=8", "--json"});
    QVERIFY2(frozen.exit_code == 0, frozen.err.constData());
    const nlohmann::json fj = nlohmann::json::parse(frozen.out.toStdString());
    QCOMPARE(fj["hidden"].get<int64_t>(), int64_t{8});
    QVERIFY(fj["set"] == nlohmann::json({"vaco.update_critic=false", "hidden=8"}));
    expectFailure({"bench", "step", "--steps", "1", "--set", "vaco.alpha=1"}, 1, "vaco.alpha");
    expectFailure({"bench", "step", "--steps", "1", "--set", "vaco.guard.ess_floor=1.5"}, 1, "vaco.guard.ess_floor");
    if (!torch::cuda::is_available()) {
      expectFailure({"bench", "step", "--device", "cuda", "--steps", "1"}, 2, "CUDA is not available");
      expectFailure({"bench", "step", "--graph", "on", "--steps", "1"}, 2, "needs a CUDA device");
      expectFailure({"bench", "step", "--tf32", "on", "--steps", "1"}, 2, "--tf32 on needs a CUDA device");
    }
  }

  void bench_step_writes_a_profile() {
    const QString trace = test::tempPath("bench-trace.json");
    const auto r = test::runCli({"bench", "step", "--algo", "bc", "--steps", "2", "--warmup", "1", "--batch", "32",
                                 "--hidden", "16", "--depth", "1", "--profile", trace, "--json"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(nlohmann::json::parse(r.out.toStdString())["graph"].get<bool>(), false);
    QCOMPARE(nlohmann::json::parse(r.out.toStdString())["tf32"].get<bool>(), false);
    QFile f(trace);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const nlohmann::json j = nlohmann::json::parse(f.readAll().toStdString());
    int ops = 0, mm = 0;
    for (const auto& e : j["traceEvents"]) {
      if (e.value("cat", "") != "cpu_op") continue;
      ++ops;
      if (e.value("name", "").find("mm") != std::string::npos) ++mm;  // the policy's matrix products
    }
    QVERIFY2(ops > 20 && mm > 0, std::to_string(ops).c_str());
    expectFailure({"bench", "step", "--algo", "bc", "--steps", "1", "--profile", "/nonexistent/dir/trace.json"}, 1,
                  "cannot write");
  }

  void demo_small_mode_prints_the_table() {
    const QString dir = test::tempPath("demo");
    const auto r = test::runCli({"demo", "--out", dir, "--samples", "2000", "--steps", "40", "--value-steps", "40",
                                 "--hidden", "16", "--depth", "1"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY(QFile::exists(dir + "/projectile.hdf5"));
    for (const char* m : {"vaco", "bc", "iql"}) {
      QVERIFY2(QFile::exists(dir + "/" + m + "/policy.pt"), m);
      QVERIFY2(QFile::exists(dir + "/" + m + "/metrics.jsonl"), m);
    }
    QVERIFY(r.out.contains("optimal"));
    QVERIFY(r.out.contains("angle error"));
    // The optimal angle at h = 0 is 45 degrees; the table's first row shows it.
    QVERIFY(r.out.contains("45.0"));
    // One line per height: 0, 2.5, 5, 7.5, 10.
    for (const char* h : {"\n0.0 ", "\n2.5 ", "\n5.0 ", "\n7.5 ", "\n10.0 "}) QVERIFY2(r.out.contains(h), h);
  }
};

QTEST_APPLESS_MAIN(CliTrain)
#include "test_cli_train.moc"
