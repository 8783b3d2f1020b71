// The Trajectories tab without a display: the episode table against the dataset's own summary,
// the body's poses from infos/qpos and rebuilt from observations, a run's weights per episode
// and per step, playback at simulated time, and one-line reasons for what cannot be shown.
#include "core/data/d4rl_writer.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/random_rollout.h"
#include "tests/support/test_support.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <cmath>
#include <memory>

#include "ui/app/dataset_service.h"
#include "ui/app/main_window.h"
#include "ui/session/run_launcher.h"
#include "ui/session/run_request.h"
#include "ui/app/episode_source.h"
#include "ui/app/policy_replay.h"
#include "ui/model/episode_table_model.h"
#include "ui/plots/episode_strip_plot.h"
#include "ui/render/body_view.h"
#include "ui/views/trajectories_view.h"

using namespace vaco;
using vaco::ui::EpisodeSource;
using vaco::ui::EpisodeTableModel;
using vaco::ui::TrajectoriesView;

namespace {

// Six seeded random-action hopper episodes with infos/qpos, written to `path`.
Dataset hopperEpisodes(const QString& path) {
  auto env = make_mujoco_env("hopper");
  Dataset ds = rollout_random(*env, 6, 11);
  write_d4rl(ds, path.toStdString());
  return ds;
}

// A Trajectories tab that has read hopperEpisodes written to a temporary file named `name`.
struct OpenView {
  Dataset ds;
  std::unique_ptr<TrajectoriesView> view = std::make_unique<TrajectoriesView>();
  explicit OpenView(const QString& name) : ds(hopperEpisodes(test::tempPath(name))) {
    view->setDatasetPath(test::tempPath(name));
    if (!view->load()) qFatal("the trajectories view cannot read %s: %s", qPrintable(name), qPrintable(view->error()));
  }
};

// A run's snapshot that scored episodes 2 and 0 of a 6-episode dataset, keeping episode 2's steps.
std::shared_ptr<analysis::AnalysisSnapshot> snapshotOf(const Dataset& ds) {
  auto s = std::make_shared<analysis::AnalysisSnapshot>();
  s->algo = "vaco";
  s->step = 4000;
  s->dataset_episodes = int64_t(ds.episodes.size());
  s->trajectory_episode = {2, 0};
  for (int64_t e : s->trajectory_episode) {
    s->trajectory_return.push_back(ds.episodes[size_t(e)].ret);
    s->trajectory_length.push_back(ds.episodes[size_t(e)].length);
    s->trajectory_labels.push_back(-1);
  }
  std::vector<float> steps;
  for (int64_t t = 0; t < ds.episodes[2].length; ++t) steps.push_back(0.5f + 0.01f * float(t));
  double sum = 0;
  for (float w : steps) sum += w;
  s->trajectory_step_weights = {steps};
  s->trajectory_mean_weight = {sum / double(steps.size()), 0.75};
  return s;
}

}  // namespace

class GuiTrajectories : public QObject {
  Q_OBJECT

 private slots:
  void tableMatchesTheDatasetSummary() {
    const QString path = test::tempPath("traj-hopper.hdf5");
    const Dataset ds = hopperEpisodes(path);
    TrajectoriesView view;
    view.setDatasetPath(path);
    QVERIFY2(view.load(), qPrintable(view.error()));
    EpisodeTableModel* m = view.model();
    QCOMPARE(m->rowCount(), int(ds.episodes.size()));
    const ui::DatasetLoad summary = ui::loadDatasetSummary(path);
    QVERIFY(summary.ok);
    QCOMPARE(summary.episode_returns.size(), m->rowCount());
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    for (int r = 0; r < m->rowCount(); ++r) {
      const double ret = m->data(m->index(r, EpisodeTableModel::Return), Qt::UserRole).toDouble();
      QCOMPARE(ret, summary.episode_returns[r]);
      QCOMPARE(m->data(m->index(r, EpisodeTableModel::Length), Qt::UserRole).toDouble(), double(ds.episodes[size_t(r)].length));
      lo = std::min(lo, ret);
      hi = std::max(hi, ret);
      sum += ret;
    }
    // ... and what `vaco dataset info --json` prints.
    const test::ProcessResult info = test::runCli({"dataset", "info", "--json", path});
    QCOMPARE(info.exit_code, 0);
    const QJsonObject j = QJsonDocument::fromJson(info.out).object();
    QCOMPARE(j["episodes"].toInt(), m->rowCount());
    QVERIFY(std::abs(j["return_min"].toDouble() - lo) < 1e-9 * (1 + std::abs(lo)));
    QVERIFY(std::abs(j["return_max"].toDouble() - hi) < 1e-9 * (1 + std::abs(hi)));
    QVERIFY(std::abs(j["return_mean"].toDouble() - sum / m->rowCount()) < 1e-9 * (1 + std::abs(hi)));
    QVERIFY2(view.statusText().contains("6 episodes") && view.statusText().contains("infos/qpos"), qPrintable(view.statusText()));
    // The first episode is shown; its reward strip is the file's rewards.
    QCOMPARE(view.episode(), 0);
    QCOMPARE(view.strips()->rewards().size(), int(ds.episodes[0].length));
    QCOMPARE(view.strips()->rewards()[3], double(ds.rewards[3].item<float>()));
  }

  void posesComeFromQposOrFromObservations() {
    const QString with = test::tempPath("traj-with-qpos.hdf5"), without = test::tempPath("traj-without-qpos.hdf5");
    Dataset ds = hopperEpisodes(with);
    ds.infos.erase("infos/qpos");
    ds.infos.erase("infos/qvel");
    write_d4rl(ds, without.toStdString());
    QString error;
    const auto recorded = EpisodeSource::load(with, &error);
    const auto rebuilt = EpisodeSource::load(without, &error);
    QVERIFY2(recorded && rebuilt, qPrintable(error));
    QVERIFY(recorded->posesRecorded());
    QVERIFY(!rebuilt->posesRecorded());
    QCOMPARE(recorded->bodyEnv(), QString("hopper"));
    QCOMPARE(recorded->qposDim(), 6);
    QVERIFY(std::abs(recorded->stepSeconds() - 0.008) < 1e-12);
    const int e = 1;
    const QVector<double> a = recorded->poses(e), b = rebuilt->poses(e);
    QCOMPARE(a.size(), int(ds.episodes[e].length) * 6);
    QCOMPARE(b.size(), a.size());
    double x_error = 0;
    for (int t = 0; t < a.size() / 6; ++t) {
      for (int i = 1; i < 6; ++i) QVERIFY(std::abs(a[t * 6 + i] - b[t * 6 + i]) < 1e-5);
      x_error = std::max(x_error, std::abs((a[t * 6] - a[0]) - b[t * 6]));
    }
    QVERIFY2(x_error < 0.05, qPrintable(QString("x drifts by %1 m").arg(x_error)));
  }

  void aRunsWeightsFillTheTableAndTheStrip() {
    OpenView open("traj-weights.hdf5");
    const Dataset& ds = open.ds;
    TrajectoriesView& view = *open.view;
    const auto s = snapshotOf(ds);
    view.setSnapshot(s, "vaco-seed0");
    QVERIFY2(view.statusText().contains("weights of vaco-seed0 at step 4000"), qPrintable(view.statusText()));
    EpisodeTableModel* m = view.model();
    const auto mean = [&](int row) { return m->data(m->index(row, EpisodeTableModel::MeanWeight), Qt::UserRole).toDouble(); };
    QCOMPARE(mean(2), s->trajectory_mean_weight[0]);
    QCOMPARE(mean(0), 0.75);
    QVERIFY(std::isnan(mean(1)));
    QVERIFY(m->data(m->index(1, EpisodeTableModel::MeanWeight)).toString().isEmpty());
    // The weight strip is the snapshot's per-step weights of that episode; the table follows.
    view.showEpisode(2);
    auto* table = view.findChild<QTableView*>("episodeTable");
    QVERIFY(table);
    QCOMPARE(table->currentIndex().row(), 2);  // sorted by # ascending
    QCOMPARE(view.episode(), 2);
    const QVector<double> w = view.strips()->weights();
    QCOMPARE(w.size(), int(s->trajectory_step_weights[0].size()));
    for (int t = 0; t < w.size(); ++t) QCOMPARE(w[t], double(s->trajectory_step_weights[0][size_t(t)]));
    // Episode 0 was scored without its steps; episode 1 not at all: each says so.
    view.showEpisode(0);
    QVERIFY(view.strips()->weights().isEmpty());
    QVERIFY2(view.strips()->weightTitle().contains("mean 0.750"), qPrintable(view.strips()->weightTitle()));
    view.showEpisode(1);
    QVERIFY2(view.strips()->weightTitle().contains("not probed"), qPrintable(view.strips()->weightTitle()));
    // CSV export of the strips.
    view.showEpisode(2);
    const QString csv = test::tempPath("traj-strips.csv");
    QVERIFY(view.strips()->saveCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), int(ds.episodes[2].length) + 1);
    QCOMPARE(lines[0], QString("step,reward,weight,q,action_distance"));
    QCOMPARE(lines[2].split(QLatin1Char(','))[2].toFloat(), s->trajectory_step_weights[0][1]);  // 9 digits: a float round-trips
    // A snapshot of another dataset is refused with its reason.
    auto other = std::make_shared<analysis::AnalysisSnapshot>(*s);
    other->dataset_episodes = 99;
    view.setSnapshot(other, "elsewhere");
    QVERIFY2(view.statusText().contains("99 episodes"), qPrintable(view.statusText()));
    QVERIFY(std::isnan(mean(2)));
  }

  void playbackFollowsSimulatedTimeAndTheCursorFollowsClicks() {
    OpenView open("traj-play.hdf5");
    const Dataset& ds = open.ds;
    TrajectoriesView& view = *open.view;
    int longest = 0;
    for (size_t e = 0; e < ds.episodes.size(); ++e)
      if (ds.episodes[e].length > ds.episodes[size_t(longest)].length) longest = int(e);
    view.showEpisode(longest);
    view.setPlaying(true);
    QVERIFY(view.playing());
    QTRY_VERIFY_WITH_TIMEOUT(view.step() >= 5, 3000);  // 0.008 s per step: 5 steps in 40 ms
    view.setPlaying(false);
    const int stopped = view.step();
    QTest::qWait(100);
    QCOMPARE(view.step(), stopped);
    view.setStep(3);
    QCOMPARE(view.strips()->cursorStep(), 3);
    // Played to the end it stops by itself.
    view.setStep(int(ds.episodes[size_t(longest)].length) - 2);
    view.setPlaying(true);
    QTRY_VERIFY_WITH_TIMEOUT(!view.playing(), 3000);
    QCOMPARE(view.step(), int(ds.episodes[size_t(longest)].length) - 1);
  }

  void aLiveRunGivesQAndTheActionDistancePerStep() {
    const QString path = test::tempPath("traj-live.hdf5");
    const Dataset ds = hopperEpisodes(path);
    ui::MainWindow w;
    w.setRunsRoot(test::tempPath("traj-live-runs"));
    QVERIFY(w.openDataset(path));
    TrajectoriesView* view = w.trajectoriesView();
    QVERIFY(view->load());
    view->showEpisode(1);
    QVERIFY(view->strips()->probeQ().isEmpty());  // no run yet
    ui::RunRequest r;
    r.algo = "iql";
    r.steps = 1000000;  // never ends by itself here
    r.value_steps = 50;
    r.device = "cpu";
    r.settings = {{"hidden", "32"}, {"depth", "2"}, {"batch_size", "32"}, {"eval_every", "0"}, {"eval_episodes", "0"}};
    QVERIFY(w.startRun(r));
    QSignalSpy probes(w.launcher(), &ui::RunLauncher::episodeProbe);
    QTRY_VERIFY_WITH_TIMEOUT(w.lastStep() > 0, 30000);
    view->showEpisode(2);  // asks the live run
    QTRY_VERIFY_WITH_TIMEOUT(!view->strips()->probeQ().isEmpty(), 30000);
    const auto length = int(ds.episodes[2].length);
    QCOMPARE(view->strips()->probeQ().size(), length);
    QCOMPARE(view->strips()->actionDistance().size(), length);
    for (int t = 0; t < length; ++t) {
      QVERIFY(std::isfinite(view->strips()->probeQ()[t]));
      QVERIFY(view->strips()->actionDistance()[t] >= 0);
    }
    const auto answer = probes.last().at(0).value<ui::EpisodeProbe>();
    QCOMPARE(answer.episode, 2);
    QCOMPARE(answer.start, qint64(ds.episodes[2].start));
    w.stopRun();
    QTRY_VERIFY_WITH_TIMEOUT(!w.launcher()->isRunning(), 30000);
  }

  void thePolicyRunsFromTheEpisodesFirstState() {
    OpenView open("traj-replay.hdf5");
    const Dataset& ds = open.ds;
    TrajectoriesView& view = *open.view;
    const QString run = test::tempPath("traj-replay-run");
    const test::ProcessResult trained =
        test::runCli({"train", "--dataset", test::tempPath("traj-replay.hdf5"), "--algo", "bc", "--steps", "40", "--out", run,
                      "--set", "hidden=16", "--set", "depth=1", "--set", "eval_every=0", "--set", "eval_episodes=0"});
    QVERIFY2(trained.exit_code == 0, trained.err.constData());
    QSignalSpy ready(&view, &TrajectoriesView::replayReady);
    // Without a run the comparison says what it needs.
    view.showEpisode(1);
    view.setComparing(true);
    QVERIFY(view.comparing());
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
    QVERIFY2(view.replay().error.startsWith("no run"), qPrintable(view.replay().error));
    QVERIFY2(view.policyBodyView()->message().contains("no run"), qPrintable(view.policyBodyView()->message()));
    // With the run: the policy from episode 1's first state.
    view.setRunDirectory(run);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 30000);
    const ui::PolicyReplay& r = view.replay();
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(!r.rewards.isEmpty());
    const int nq = 6;  // hopper
    QCOMPARE(r.poses.size(), r.rewards.size() * nq);
    QCOMPARE(r.terminated, r.rewards.size() < 1000);
    // It starts where the episode starts: the recorded joints (root x at 0), to float precision.
    const torch::Tensor qpos = ds.infos.at("infos/qpos")[ds.episodes[1].start].to(torch::kFloat64);
    QCOMPARE(r.poses[0], 0.0);
    for (int i = 1; i < nq; ++i) QVERIFY(std::abs(r.poses[i] - qpos[i].item<double>()) < 1e-5 * (1 + std::abs(qpos[i].item<double>())));
    QCOMPARE(view.strips()->policyRewards(), r.rewards);
    QVERIFY(view.policyBodyView()->isVisibleTo(&view));
    // The cursor reaches the end of the longer episode; the CSV gains the policy's column.
    view.setStep(100000);
    QCOMPARE(view.step(), int(std::max<qsizetype>(r.rewards.size(), ds.episodes[1].length)) - 1);
    const QString csv = test::tempPath("traj-replay.csv");
    QVERIFY(view.strips()->saveCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    QCOMPARE(lines[0], QString("step,reward,weight,q,action_distance,policy_reward"));
    QCOMPARE(lines.size(), view.step() + 2);
    QVERIFY(std::abs(lines[1].split(QLatin1Char(','))[5].toDouble() - r.rewards[0]) < 1e-6 * (1 + std::abs(r.rewards[0])));
    // Another episode is replayed in turn; a run without policy.pt says so in one line.
    view.showEpisode(3);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 30000);
    QVERIFY(view.replay().error.isEmpty());
    const QString unfinished = test::tempPath("traj-replay-unfinished");
    view.setRunDirectory(unfinished);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, 30000);
    QVERIFY2(!view.replay().error.isEmpty() && !view.replay().error.contains('\n'), qPrintable(view.replay().error));
    // Off: the policy's pane and rewards go.
    view.setComparing(false);
    QVERIFY(!view.policyBodyView()->isVisibleTo(&view));
    QVERIFY(view.strips()->policyRewards().isEmpty());
  }

  void whatCannotBeShownSaysWhy() {
    TrajectoriesView view;
    const QString bad = test::tempPath("traj-not-hdf5.hdf5");
    test::writeText(bad.toStdString(), "not an HDF5 file");
    view.setDatasetPath(bad);
    QVERIFY(!view.load());
    QVERIFY(!view.error().isEmpty());
    QVERIFY(!view.error().contains('\n'));
    QVERIFY2(view.statusText().startsWith("Cannot read the dataset: "), qPrintable(view.statusText()));
    // A dataset of no MuJoCo family: the table works, the body view says why there is no body.
    const QString small = test::tempPath("traj-small.hdf5");
    write_d4rl(test::makeSmallDataset(40, 3, 2, 10), small.toStdString());
    view.setDatasetPath(small);
    QVERIFY(view.load());
    QCOMPARE(view.model()->rowCount(), 4);
    QVERIFY2(view.bodyView()->message().contains("No body to draw"), qPrintable(view.bodyView()->message()));
    QVERIFY(view.saveFrames(test::tempPath("traj-frames")).contains("no episode with a body"));
  }
};

QTEST_MAIN(GuiTrajectories)
#include "test_gui_trajectories.moc"
