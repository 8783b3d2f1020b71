// The live training workbench with a real worker thread on the projectile toy: start, pause
// (the step count really stops), resume, stop (the thread joins, a checkpoint is written);
// metrics reach the plots; the Weights tab's Pearson r is the core's and its strip shows a kept
// trajectory; closing the window mid-run checkpoints and the run directory resumes;
// vaco-studio's scripted screenshot.
#include "core/analysis/pearson.h"
#include "tests/support/test_support.h"

#include <qcustomplot.h>

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QAbstractItemModel>

#include "tests/support/gui_test_support.h"
#include "ui/views/compare_view.h"
#include "ui/app/main_window.h"
#include "ui/plots/metric_plot.h"
#include "ui/plots/plot_rules.h"
#include "ui/panels/run_panel.h"
#include "ui/model/metric_store.h"
#include "ui/model/run_list_model.h"
#include "ui/session/run_launcher.h"
#include "ui/session/run_request.h"
#include "ui/session/training_session.h"
#include "ui/views/projectile_view.h"
#include "ui/views/training_view.h"
#include "ui/session/training_worker.h"
#include "ui/plots/weight_scatter_plot.h"
#include "ui/plots/weight_strip_plot.h"
#include "ui/views/weights_view.h"

using namespace vaco;
using namespace vaco::ui;

namespace {

// A long, small VACO run: it never finishes by itself within the test.
RunRequest long_request() {
  RunRequest r;
  r.algo = "vaco";
  r.steps = 1000000;
  r.value_steps = 200;
  r.settings = {{"hidden", "32"}, {"depth", "2"}, {"batch_size", "64"}};
  return r;
}

// The newest checkpoint file of a run directory, or an empty string.
QString checkpoint_in(const QString& run_dir) {
  const QDir d(run_dir);
  if (d.exists("checkpoint.pt")) return d.filePath("checkpoint.pt");
  const QStringList pts = QDir(d.filePath("checkpoints")).entryList({"*.pt"}, QDir::Files, QDir::Name);
  return pts.isEmpty() ? QString() : d.filePath("checkpoints/" + pts.last());
}

// Every plot on the Training tab: each legend entry has a visible line with data, no two lines
// share a pen (equal series included), sparse series have markers, the legend is off the data,
// and the Training tab shows exactly the plots the run filled.
void expectReadablePlots(TrainingView* view) {
  const QStringList shown = view->shownPlotIds();
  QVERIFY(!shown.isEmpty());
  for (const QString& id : {"inner", "outer", "critic", "q", "sigma", "ess", "weights", "grad", "score", "other"}) {
    MetricPlot* plot = view->plot(id);
    plot->flush();
    const QString what = id + " (shown: " + shown.join(",") + "; series: " + plot->seriesNames().join(",") + ")";
    QVERIFY2(shown.contains(id) == !plot->seriesNames().isEmpty(), qPrintable(what));
    QVERIFY2(plot->isHidden() != shown.contains(id), qPrintable(what));
  }
  for (const QString& id : shown) {
    MetricPlot* plot = view->plot(id);
    const QStringList names = plot->seriesNames();
    QList<QPair<QRgb, int>> pens;
    for (const QString& name : names) {
      QCPGraph* g = plot->displayGraph(name);
      const QString what = id + "/" + name;
      QVERIFY2(g->visible() && !g->data()->isEmpty(), qPrintable(what));
      const QPair<QRgb, int> pen{g->pen().color().rgba(), int(g->pen().style())};
      QVERIFY2(!pens.contains(pen), qPrintable(what + " shares a pen"));
      pens << pen;
      if (plot->points(name)->values.size() <= kSparsePoints)
        QVERIFY2(g->scatterStyle().shape() != QCPScatterStyle::ssNone, qPrintable(what + " has no markers"));
    }
    QCustomPlot* qcp = plot->plot();
    if (qcp->legend->visible()) {
      QVERIFY2(!qcp->legend->outerRect().intersects(qcp->axisRect()->rect()), qPrintable(id + ": legend over data"));
    }
  }
}

// Number of distinct colours on a grid of pixels.
int colour_count(const QImage& img) {
  QSet<QRgb> colours;
  for (int y = 0; y < img.height(); y += 9)
    for (int x = 0; x < img.width(); x += 9) colours.insert(img.pixel(x, y));
  return int(colours.size());
}

QString studio_path() { return QFileInfo(QString(VACO_CLI_PATH)).dir().filePath("vaco-studio"); }

}  // namespace

class GuiTraining : public QObject {
  Q_OBJECT
 private slots:
  void startPauseResumeStop() {
    MainWindow w;
    w.setRunsRoot(test::tempPath("runs-a"));
    w.show();
    w.useProjectile();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QVERIFY(w.startRun(long_request()));
    QVERIFY(w.session()->isRunning());
    TrainingWorker* worker = w.session()->worker();
    QTRY_VERIFY_WITH_TIMEOUT(worker->stepsDone() > 400, 120000);
    QCOMPARE(w.runPanel()->runState(), RunState::Running);

    // Pause: the step count stops.
    w.pauseRun();
    QTRY_COMPARE_WITH_TIMEOUT(w.runPanel()->runState(), RunState::Paused, 10000);
    const qint64 held = worker->stepsDone();
    QTest::qWait(700);
    QCOMPARE(worker->stepsDone(), held);

    // Resume: it goes on.
    w.resumeRun();
    QTRY_COMPARE_WITH_TIMEOUT(w.runPanel()->runState(), RunState::Running, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(worker->stepsDone() > held + 100, 60000);

    // Metrics reached the plots' series (both phases), and the progress bar.
    MetricPlot* outer = w.trainingView()->plot("outer");
    QTRY_VERIFY_WITH_TIMEOUT(outer->points("outer_loss") && outer->points("outer_loss")->values.size() > 3, 30000);
    QVERIFY(w.trainingView()->plot("critic")->points("q_loss").has_value());
    QVERIFY(w.trainingView()->plot("ess")->points("ess").has_value());
    QVERIFY(w.runPanel()->progressText().contains("policy"));
    expectReadablePlots(w.trainingView());
    // The value phase's end is marked, and the plot names VACO's inner loss.
    QVERIFY(w.trainingView()->shownPlotIds().contains("outer"));

    // The Weights tab shows a snapshot; its r is exactly the core's for the same points.
    w.session()->requestSnapshot();
    QTRY_VERIFY_WITH_TIMEOUT(w.lastSnapshot() != nullptr, 30000);
    const auto snap = w.lastSnapshot();
    QTRY_VERIFY(w.weightsView()->sampleScatter()->pointCount() == int(snap->probe_size()));
    QCOMPARE(w.weightsView()->sampleScatter()->pearsonR(), snap->pearson_sample);
    QCOMPARE(w.weightsView()->sampleScatter()->pearsonR(), analysis::pearson(snap->probe_weights, snap->probe_q));
    // The critic check: Q against the data's return-to-go of the same probe samples.
    QCOMPARE(w.weightsView()->criticScatter()->pointCount(), int(snap->probe_size()));
    QCOMPARE(w.weightsView()->criticScatter()->pearsonR(), snap->pearson_q_return);
    QCOMPARE(w.weightsView()->trajectoryScatter()->pearsonR(), snap->pearson_trajectory);
    QVERIFY(!std::isnan(snap->pearson_sample));
    // The strip shows the first trajectory whose steps the snapshot keeps (a throw: one step).
    QVERIFY(!w.lastSnapshot()->trajectory_step_weights.empty());
    QCOMPARE(w.weightsView()->strip()->trajectory(), 0);
    QCOMPARE(w.weightsView()->strip()->pointCount(), int(w.lastSnapshot()->trajectory_step_weights[0].size()));
    QCOMPARE(w.weightsView()->trajectoryScatter()->highlighted(), 0);
    // The Projectile tab can colour its landscape by the run's learned Q, 41 heights x 181 angles.
    w.projectileView()->setColourMap(ProjectileMap::LearnedQ);
    QCOMPARE(w.projectileView()->colourMap(), ProjectileMap::LearnedQ);
    QCOMPARE(w.projectileView()->landscape()->data()->keySize(), 41);
    QCOMPARE(w.projectileView()->landscape()->data()->valueSize(), 181);
    w.projectileView()->setColourMap(ProjectileMap::Range);

    // Stop: the thread joins, the run reports "interrupted" and leaves a checkpoint.
    w.stopRun();
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toString(), QString("interrupted"));
    QCOMPARE(w.runPanel()->runState(), RunState::Idle);
    QVERIFY2(!checkpoint_in(w.runDirectory()).isEmpty(), qPrintable(w.runDirectory()));
    test::saveScreenshot(w, "gui-training-stopped.png");
  }

  void closingMidRunCheckpointsAndTheRunResumes() {
    QString run_dir;
    qint64 stopped_at = 0;
    {
      MainWindow w;
      w.setRunsRoot(test::tempPath("runs-b"));
      w.show();
      w.useProjectile();
      RunRequest r = long_request();
      r.seed = 5;
      QVERIFY(w.startRun(r));
      QTRY_VERIFY_WITH_TIMEOUT(w.session()->worker()->stepsDone() > 400, 120000);
      run_dir = w.runDirectory();
      QVERIFY(w.close());  // stops at a step boundary, checkpoints and joins
      QVERIFY(!w.session()->isRunning());
      stopped_at = w.lastStep();
    }
    QVERIFY(!checkpoint_in(run_dir).isEmpty());
    MainWindow again;
    again.show();
    QVERIFY(again.openRunDirectory(run_dir));  // unfinished with a checkpoint: resumes
    QVERIFY(again.session()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(again.lastStep() > 0 || !again.lastError().isEmpty(), 60000);
    QVERIFY2(again.lastError().isEmpty(), qPrintable(again.lastError()));
    QVERIFY2(again.lastStep() >= stopped_at - 1, qPrintable(QString("%1 < %2").arg(again.lastStep()).arg(stopped_at)));
    // The resumed run's label is its directory's name; its Seed column comes from its config.
    const QAbstractItemModel* runs = again.compareView()->runModel();
    const int live = runs->rowCount() - 1;
    QVERIFY2(runs->index(live, 0).data().toString().contains("(resumed)"), qPrintable(runs->index(live, 0).data().toString()));
    QCOMPARE(runs->index(live, 2).data().toString(), QString("5"));
    again.stopRun();
    QTRY_VERIFY_WITH_TIMEOUT(!again.session()->isRunning(), 60000);
  }

  void aFailedRunIsReportedAndTheWindowSurvives() {
    MainWindow w;
    w.setRunsRoot(test::tempPath("runs-c"));
    w.show();
    w.useProjectile();
    RunRequest r = long_request();
    r.device = "cuda:7";  // never present here (and rejected before any work)
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun(r);
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 30000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toString(), QString("failed"));
    QVERIFY2(w.lastError().contains("cuda"), qPrintable(w.lastError()));
    // The next run works.
    r.device = "cpu";
    r.steps = 50;
    r.value_steps = 50;
    QVERIFY(w.startRun(r));
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(finished.at(1).at(0).toString(), QString("completed"));
    expectReadablePlots(w.trainingView());
    // Compare: the finished live run and its own run directory are one setting (one group).
    QVERIFY(w.launcher()->store().addRunDirectory(w.runDirectory()).isEmpty());
    w.compareView()->flush();
    const QStringList groups = w.compareView()->groupLabels();
    QVERIFY2(groups.size() == 2, qPrintable(groups.join(" | ")));  // the failed run, and this setting
    // A BC run on the same window: only BC's plots, named for BC.
    r.algo = "bc";
    QVERIFY(w.startRun(r));
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
    QCOMPARE(finished.count(), 3);
    expectReadablePlots(w.trainingView());
    QVERIFY2(!w.trainingView()->shownPlotIds().contains("outer"), qPrintable(w.trainingView()->shownPlotIds().join(",")));
    QVERIFY(!w.trainingView()->shownPlotIds().contains("ess"));
  }

  void scriptedScreenshotAfterSteps() {
    const QString png = test::tempPath("studio-shot.png");
    const test::ProcessResult r = test::runProcess(
        studio_path(), {"--toy", "--algo", "bc", "--steps", "400", "--set", "hidden=32", "--set", "depth=2", "--start",
                        "--runs-dir", test::tempPath("runs-d"), "--tab", "Weights", "--screenshot", png,
                        "--screenshot-after-steps", "200"});
    QVERIFY2(r.exit_code == 0 && !r.crashed, r.err.constData());
    const QImage img(png);
    QVERIFY(!img.isNull());
    QVERIFY(img.width() > 800 && img.height() > 500);
    QVERIFY2(colour_count(img) > 20, qPrintable(QString::number(colour_count(img))));
  }

  void theWeightsCaptionSaysHowTrajectoriesWereDrawn() {
    analysis::AnalysisSnapshot s;
    s.trajectory_mean_weight.assign(299, 1.0);
    QCOMPARE(trajectorySampleText(s), QString("299 trajectories"));  // an older file: nothing recorded
    s.dataset_episodes = 461;
    s.trajectory_row_cap = 65536;
    QCOMPARE(trajectorySampleText(s),
             QString("299 of 461 episodes (drawn at random, whole, up to 65,536 transitions)"));
    s.dataset_episodes = 299;
    QCOMPARE(trajectorySampleText(s), QString("all 299 episodes"));
  }

  void badCommandLineSettingsAreNamed() {
    const test::ProcessResult r =
        test::runProcess(studio_path(), {"--toy", "--set", "vaco.meta_lr=-1", "--start"}, 10000);
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains("vaco.meta_lr"), r.err.constData());
  }

  void badStepsGetTheCliMessageAndCode() {
    const test::ProcessResult gui = test::runProcess(studio_path(), {"--toy", "--steps", "-5", "--start"}, 10000);
    const test::ProcessResult cli = test::runCli({"train", "--dataset", test::tempPath("none.hdf5"), "--steps", "-5",
                                                 "--out", test::tempPath("run-steps")});
    QVERIFY(!gui.crashed);
    QCOMPARE(gui.exit_code, 1);
    QCOMPARE(cli.exit_code, 1);
    const QByteArray message = "steps must be >= 0, got -5";
    QVERIFY2(gui.err.contains(message), gui.err.constData());
    QVERIFY2(cli.err.contains(message), cli.err.constData());
  }

  // Scripted runs never wait on a dialog: each case ends within 10 s with its code and one line.
  void scriptedRunsNeverHang() {
    const QString bad = test::tempPath("not-a-dataset.hdf5");
    test::writeText(bad.toStdString(), "not HDF5");
    struct Case {
      QStringList args;
      int code;
      const char* message;
    };
    const QList<Case> cases = {
        {{"--open", bad, "--screenshot", test::tempPath("bad.png")}, 1, "cannot open dataset"},
        {{"--open", bad, "--quit-when-done"}, 1, "cannot open dataset"},
        {{"--start"}, 2, "--start needs a dataset"},
        {{"--toy", "--projectile-map", "heat"}, 2, "--projectile-map heat: expected range, q or error"},
        {{"--open", bad, "--start", "--quit-when-done"}, 1, "cannot open dataset"},
        {{"--toy", "--episode", "x"}, 2, "--episode x: expected N or N:T"},
        {{"--episode", "3"}, 2, "--episode needs a dataset (--open FILE)"},
        {{"--toy", "--episode", "999999"}, 2, "--episode 999999: the dataset has 20000 episodes"},
        {{"--toy", "--compare-policy"}, 2, "--compare-policy needs --episode N and a run (--compare RUN_DIR)"},
        {{"--toy", "--episode", "2", "--compare-policy"}, 2, "--compare-policy needs --episode N and a run"},
        {{"--lesson-step", "3"}, 2, "need --lesson"},
        {{"--lesson", "--lesson-step", "9"}, 2, "--lesson-step 9: expected 1 to 6"},
        {{"--lesson", "--record", test::tempPath("rec"), "--play", test::tempPath("rec")}, 2, "--record and --play exclude each other"},
        {{"--lesson", "--play", test::tempPath("no-recording")}, 2, "no lesson recording"},
    };
    for (const Case& c : cases) {
      // As a user runs it: dialogs are not switched off by the test environment.
      const test::ProcessResult r =
          test::runProcess("/usr/bin/env", QStringList{"-u", "VACO_NO_DIALOGS", studio_path()} + c.args, 10000);
      const QString what = c.args.join(' ') + " -> " + QString::number(r.exit_code) + ": " + r.err;
      QVERIFY2(!r.crashed, qPrintable(what));
      QVERIFY2(r.exit_code == c.code, qPrintable(what));
      QVERIFY2(r.err.contains(c.message), qPrintable(what));
    }
    // No display at all: the app goes offscreen by itself and still ends.
    const test::ProcessResult r = test::runProcess(
        "/usr/bin/env", {"-u", "VACO_NO_DIALOGS", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "QT_QPA_PLATFORM",
                         studio_path(), "--open", bad,
                         "--start", "--quit-when-done"},
        10000);
    QVERIFY2(!r.crashed && r.exit_code == 1, r.err.constData());
    QVERIFY2(r.err.contains("cannot open dataset"), r.err.constData());
  }

  // Without --screenshot-after-steps the picture waits for the run's end instead of cutting it.
  void screenshotWithoutStepCountWaitsForTheEnd() {
    const QString png = test::tempPath("studio-end.png");
    const test::ProcessResult r = test::runProcess(
        studio_path(), {"--toy", "--algo", "bc", "--steps", "300", "--set", "hidden=16", "--set", "depth=1", "--set",
                        "eval_episodes=0", "--start", "--runs-dir", test::tempPath("runs-end"), "--screenshot", png});
    QVERIFY2(r.exit_code == 0 && !r.crashed, r.err.constData());
    QVERIFY2(r.out.contains("completed at step 300"), r.out.constData());
    QVERIFY(!QImage(png).isNull());
  }
};

QTEST_MAIN(GuiTraining)
#include "test_gui_training.moc"
