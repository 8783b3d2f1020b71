// `vaco datagen d4rl`: each recipe from a short SAC run validates, replays through our physics
// at match fraction 1.0, records the policy's own log-probabilities, keeps complete episodes
// only, is deterministic per seed; medium-replay is the buffer's rows; bad arguments are
// one-line errors.
#include "core/data/d4rl_reader.h"
#include "core/data/read_dataset.h"
#include "core/data/dataset_summary.h"
#include "core/datagen/d4rl_recipes.h"
#include "core/online/sac_run.h"
#include "core/online/sac_run_dir.h"
#include "tests/support/test_support.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <filesystem>

using namespace vaco;

namespace {

// A short hopper SAC run with policy checkpoints at 500, 1000 and 1500 env steps.
const std::string& sac_run() {
  static const std::string dir = [] {
    online::SacRunConfig c;
    c.env = "hopper";
    c.device = "cpu";
    c.steps = 1500;
    c.seed = 2;
    c.batch_size = 64;
    c.learning_starts = 400;
    c.checkpoint_every = 500;
    c.eval_episodes = 2;
    c.sac.shape = {.hidden = 64, .depth = 2};
    const std::string d = test::tempPath("datagen-sac").toStdString();
    online::SacRun run(c, d);
    if (run.run().status != train::RunStatus::Completed) qFatal("the SAC run failed");
    return d;
  }();
  return dir;
}

// Makes a recipe's file with the CLI; fails the test when it fails.
QString make_file(const QString& recipe, const QString& rows, const QString& seed = "0") {
  const QString out = test::tempPath("datagen-" + recipe + "-" + rows + "-" + seed + ".hdf5");
  QStringList args{"datagen", "d4rl", "--sac-run", QString::fromStdString(sac_run()), "--recipe", recipe, "--out", out,
                   "--seed", seed};
  if (!rows.isEmpty()) args << "--rows" << rows;
  const auto r = test::runCli(args);
  if (r.exit_code != 0) qWarning("datagen failed: %s", r.err.constData());
  return r.exit_code == 0 ? out : QString();
}

// Makes a file with the CLI from the shared run and `args` (besides --sac-run and --out).
QString make_file_with(const QStringList& args) {
  static int made = 0;
  const QString out = test::tempPath(QString("datagen-with-%1.hdf5").arg(made++));
  const auto r = test::runCli(QStringList{"datagen", "d4rl", "--sac-run", QString::fromStdString(sac_run()), "--out", out} + args);
  if (r.exit_code != 0) qWarning("datagen failed: %s", r.err.constData());
  return r.exit_code == 0 ? out : QString();
}

// Expects exit status 1 and one line on stderr containing `part`.
void expect_error(const QStringList& args, const char* part) { test::expectCliError(args, 1, part); }

}  // namespace

class TestDatagenD4rl : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { torch::set_num_threads(1); }

  void chooses_expert_and_medium_by_evaluated_return() {
    const online::SacRunInfo run = online::read_sac_run(sac_run());
    QCOMPARE(run.checkpoints.size(), size_t{3});
    const datagen::RecipePolicies p = datagen::choose_policies(run, datagen::Recipe::MediumExpert);
    for (const auto& c : run.checkpoints) {
      QVERIFY(c.return_mean <= p.expert->return_mean);
      QVERIFY(std::abs(c.return_mean - p.expert->return_mean / 3) >= std::abs(p.medium.return_mean - p.expert->return_mean / 3));
    }
  }

  void every_recipe_validates_and_replays_exactly() {
    for (const QString recipe : {"random", "medium", "expert", "medium-expert", "medium-replay"}) {
      const QString file = make_file(recipe, recipe == "medium-replay" ? "" : "2500");
      QVERIFY2(!file.isEmpty(), qPrintable(recipe));
      auto r = test::runCli({"dataset", "validate", file});
      QVERIFY2(r.exit_code == 0, r.err.constData());
      r = test::runCli({"env", "check-dataset", file, "--json"});
      QVERIFY2(r.exit_code == 0, qPrintable(recipe + ": " + r.out + r.err));
      const QJsonObject check = QJsonDocument::fromJson(r.out).object();
      QCOMPARE(check["match_fraction"].toDouble(), 1.0);

      const Dataset ds = read_d4rl(file.toStdString());
      QVERIFY(ds.warnings.empty());  // complete episodes only: no tail without a final flag
      QVERIFY(ds.size() <= (recipe == "medium-expert" ? 5000 : recipe == "medium-replay" ? 1500 : 2500));
      const torch::Tensor ends = (ds.terminals + ds.timeouts);
      QCOMPARE(ends[ds.size() - 1].item<float>(), 1.0f);
      QCOMPARE((ds.terminals * ds.timeouts).sum().item<float>(), 0.0f);
      for (const Episode& e : ds.episodes) {
        const bool timed_out = ds.timeouts[e.start + e.length - 1].item<float>() > 0;
        QCOMPARE(timed_out, e.length == 1000);  // timeouts exactly at the step limit
      }
      QCOMPARE(QString::fromStdString(ds.metadata.at("metadata/recipe")), recipe);
      QCOMPARE(ds.metadata.at("metadata/algorithm"), std::string("SAC"));
      QVERIFY(ds.infos.count("infos/action_log_probs"));
      QVERIFY(ds.infos.count("infos/policy_checkpoint"));
      if (recipe != "random") {
        QVERIFY(std::find(ds.keys.begin(), ds.keys.end(), "metadata/policy/fc0/weight") != ds.keys.end());
        QVERIFY(std::find(ds.keys.begin(), ds.keys.end(), "metadata/policy/last_fc_log_std/bias") != ds.keys.end());
      }
      r = test::runCli({"dataset", "info", file, "--json"});
      QCOMPARE(QJsonDocument::fromJson(r.out).object()["recipe"].toString(), recipe);
    }
  }

  void log_probs_are_the_policys_own() {
    const Dataset ds = read_d4rl(make_file("medium", "1500").toStdString());
    const online::SacRunInfo run = online::read_sac_run(sac_run());
    const datagen::RecipePolicies p = datagen::choose_policies(run, datagen::Recipe::MediumExpert);
    nets::GaussianPolicy pi = online::load_sac_policy(run, p.medium);
    torch::NoGradGuard no_grad;
    const torch::Tensor ours = pi->log_prob(ds.observations, ds.actions);
    const torch::Tensor stored = ds.infos.at("infos/action_log_probs").to(torch::kFloat64);
    const double err = ((ours - stored).abs() / (1 + stored.abs())).max().item<double>();
    QVERIFY2(err < 1e-3, qPrintable(QString("largest relative log-prob error %1").arg(err)));
    QVERIFY(torch::all(ds.infos.at("infos/policy_checkpoint") == float(p.medium.env_steps)).item<bool>());
    // Sampled, not the mean: the actions differ from tanh(mean).
    QVERIFY((pi->mean_action(ds.observations) - ds.actions).abs().mean().item<double>() > 1e-2);
  }

  void medium_replay_is_the_buffer() {
    const Dataset ds = read_d4rl(make_file("medium-replay", "").toStdString());
    const Dataset replay = read_d4rl(sac_run() + "/replay.hdf5");
    const datagen::RecipePolicies p = datagen::choose_policies(online::read_sac_run(sac_run()), datagen::Recipe::MediumReplay);
    QVERIFY(ds.size() <= p.medium.env_steps);
    QVERIFY(ds.size() > p.medium.env_steps - 1000);
    QVERIFY(torch::equal(ds.observations, replay.observations.narrow(0, 0, ds.size())));
    QVERIFY(torch::equal(ds.actions, replay.actions.narrow(0, 0, ds.size())));
    QVERIFY(torch::equal(ds.rewards, replay.rewards.narrow(0, 0, ds.size())));
    QVERIFY(torch::equal(ds.infos.at("infos/qpos"), replay.infos.at("infos/qpos").narrow(0, 0, ds.size())));
  }

  void named_checkpoints_replace_the_choice() {
    const online::SacRunInfo run = online::read_sac_run(sac_run());
    const datagen::RecipePolicies p = datagen::choose_policies(run, datagen::Recipe::MediumExpert, 500, 1500);
    QCOMPARE(p.medium.env_steps, int64_t(500));
    QCOMPARE(p.expert->env_steps, int64_t(1500));
    const datagen::RecipePolicies m = datagen::choose_policies(run, datagen::Recipe::Medium, 1000);
    QCOMPARE(m.medium.env_steps, int64_t(1000));
    QVERIFY(!m.expert);  // a named medium needs no expert
    QCOMPARE(datagen::choose_policies(run, datagen::Recipe::Expert, 0, 500).expert->env_steps, int64_t(500));
    QVERIFY(datagen::choose_policies(run, datagen::Recipe::Expert, 1000).expert);  // chosen from the evaluations
    // A run retrained only up to its medium step (no evaluations kept): medium-replay from the
    // named checkpoint is the buffer up to it, as from the full run.
    const QString part = test::tempPath("datagen-medium-only");
    const std::string from = sac_run(), to = part.toStdString();
    std::filesystem::create_directories(to + "/policies");
    for (const char* f : {"/config.json", "/run.json", "/replay.hdf5", "/policies/policy-000001000.pt"})
      std::filesystem::copy_file(from + f, to + f);
    const QString out = test::tempPath("datagen-medium-only.hdf5");
    const auto r = test::runCli({"datagen", "d4rl", "--sac-run", part, "--recipe", "medium-replay", "--medium-step", "1000", "--out", out});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("medium: the policy at 1000 env steps (not evaluated)"), r.out.constData());
    const Dataset ds = read_d4rl(out.toStdString());
    const Dataset replay = read_d4rl(from + "/replay.hdf5");
    QVERIFY(ds.size() <= 1000 && ds.size() > 0);
    QVERIFY(torch::equal(ds.observations, replay.observations.narrow(0, 0, ds.size())));
    QCOMPARE(QString::fromStdString(ds.metadata.at("metadata/iteration")), QString("1000"));
    const Dataset full = read_d4rl(make_file_with({"--recipe", "medium-replay", "--medium-step", "1000"}).toStdString());
    QVERIFY(torch::equal(full.observations, ds.observations));
    // A step with no checkpoint names the steps there are.
    expect_error({"datagen", "d4rl", "--sac-run", QString::fromStdString(from), "--recipe", "medium", "--medium-step", "700",
                  "--out", out}, "--medium-step 700: SAC run");
    expect_error({"datagen", "d4rl", "--sac-run", QString::fromStdString(from), "--recipe", "expert", "--expert-step", "700",
                  "--out", out}, "no policy checkpoint there (it has 500, 1000, 1500)");
    expect_error({"datagen", "d4rl", "--sac-run", part, "--recipe", "medium-expert", "--medium-step", "1000", "--expert-step",
                  "1500", "--out", out}, "it has 1000");
    // Without evaluations no expert can be chosen: the expert recipes say so.
    for (const char* recipe : {"expert", "medium-expert"})
      expect_error({"datagen", "d4rl", "--sac-run", part, "--recipe", recipe, "--medium-step", "1000", "--out", out},
                   "has no evaluated policy checkpoints");
  }

  void a_seed_gives_one_dataset() {
    const Dataset a = read_d4rl(make_file("expert", "1200", "7").toStdString());
    const Dataset b = read_d4rl(make_file("expert", "1201", "7").toStdString());
    const Dataset c = read_d4rl(make_file("expert", "1200", "8").toStdString());
    const int64_t n = std::min(a.size(), b.size());
    QVERIFY(torch::equal(a.actions.narrow(0, 0, n), b.actions.narrow(0, 0, n)));
    QVERIFY(!torch::equal(a.actions.narrow(0, 0, std::min(n, c.size())), c.actions.narrow(0, 0, std::min(n, c.size()))));
  }

  void writes_the_same_rows_as_a_minari_dataset() {
    const Dataset d4rl = read_d4rl(make_file("expert", "1200", "7").toStdString());
    const QString folder = test::tempPath("datagen-minari/vaco/hopper/expert-v0");
    const auto r = test::runCli({"datagen", "d4rl", "--sac-run", QString::fromStdString(sac_run()), "--recipe", "expert",
                                 "--out", folder, "--seed", "7", "--rows", "1200", "--format", "minari",
                                 "--dataset-id", "vaco/hopper/expert-v0"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("not kept in the Minari layout: infos/qpos"), r.out.constData());
    const Dataset minari = read_dataset(folder.toStdString());
    QCOMPARE(QString::fromStdString(minari.dataset_id), QString("vaco/hopper/expert-v0"));
    QCOMPARE(QString::fromStdString(minari.env_name), QString("Hopper-v4"));
    QVERIFY(torch::equal(minari.observations, d4rl.observations));
    QVERIFY(torch::equal(minari.next_observations, d4rl.next_observations));
    QVERIFY(torch::equal(minari.actions, d4rl.actions));
    QVERIFY(torch::equal(minari.rewards, d4rl.rewards));
    QVERIFY(torch::equal(minari.terminals, d4rl.terminals));
    QVERIFY(torch::equal(minari.timeouts, d4rl.timeouts));
    QCOMPARE(QString::fromStdString(minari.metadata.at("metadata/minari/algorithm_name")), QString("SAC"));
    expect_error({"datagen", "d4rl", "--sac-run", QString::fromStdString(sac_run()), "--recipe", "expert", "--out",
                  test::tempPath("datagen-x.hdf5"), "--dataset-id", "a/b-v0"},
                 "--dataset-id names a Minari dataset; it needs --format minari");
  }

  void bad_arguments_are_one_line_errors() {
    const QString run = QString::fromStdString(sac_run());
    const QString out = test::tempPath("datagen-bad.hdf5");
    expect_error({"datagen", "d4rl", "--sac-run", run, "--recipe", "mediocre", "--out", out}, "unknown recipe 'mediocre'");
    expect_error({"datagen", "d4rl", "--sac-run", run, "--recipe", "medium", "--out", out, "--rows", "0"},
                 "--rows must be > 0");
    expect_error({"datagen", "d4rl", "--sac-run", run, "--recipe", "medium", "--out", out, "--rows", "-5"},
                 "--rows must be > 0");
    // A SAC run directory without any policy checkpoint.
    const QString bare = test::tempPath("datagen-bare-run");
    std::filesystem::create_directories(bare.toStdString());
    std::filesystem::copy_file(sac_run() + "/config.json", bare.toStdString() + "/config.json");
    std::filesystem::copy_file(sac_run() + "/run.json", bare.toStdString() + "/run.json");
    expect_error({"datagen", "d4rl", "--sac-run", bare, "--recipe", "expert", "--out", out},
                 "has no evaluated policy checkpoints");
    expect_error({"datagen", "d4rl", "--sac-run", test::tempPath("no-such-run"), "--recipe", "expert", "--out", out},
                 "no such run directory");
    QVERIFY(!std::filesystem::exists(out.toStdString()));
  }
};

QTEST_APPLESS_MAIN(TestDatagenD4rl)
#include "test_datagen_d4rl.moc"
