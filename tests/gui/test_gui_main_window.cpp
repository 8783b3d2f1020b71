// The main window: File > Open shows the summary and the return histogram; a bad file gives
// an error and the window keeps working; a grab of the window is a real picture.
#include "core/data/d4rl_writer.h"
#include "core/online/sac_run.h"
#include "core/train/trainer.h"
#include "tests/support/test_support.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QSettings>
#include <QDir>

#include <filesystem>

#include "ui/app/generate_dialog.h"
#include "ui/plots/histogram_plot.h"
#include "ui/views/compare_view.h"
#include "ui/app/main_window.h"
#include "ui/session/training_session.h"
#include "ui/views/weights_view.h"

using namespace vaco;

namespace {

// A finished 40-step VACO run on hopper-like data with source labels (infos/policy_checkpoint).
QString finishedVacoRun(const QString& name) {
  Dataset ds = test::makeSmallDataset(400, 3, 2);
  ds.infos["infos/policy_checkpoint"] = (torch::div(torch::arange(ds.size(), torch::kInt64), 200, "floor") * 10000).to(torch::kInt32);
  train::TrainConfig c;
  c.algo = "vaco";
  c.device = "cpu";
  c.steps = 30;
  c.value_steps = 10;
  c.batch_size = 32;
  c.hidden = 16;
  c.depth = 1;
  c.log_every = 10;
  c.snapshot_every = 20;
  c.eval_episodes = 0;
  const QString dir = test::tempPath(name);
  std::filesystem::remove_all(dir.toStdString());
  train::Trainer t(c, ds, dir.toStdString());
  if (t.run().status != train::RunStatus::Completed) qFatal("the run did not complete");
  return dir;
}

// The title lines of every visible plot under `page` wider than their plot, as "text (w > W px)";
// `checked` counts the non-empty title lines looked at.
QStringList clippedTitles(QWidget* page, int& checked) {
  QStringList clipped;
  for (QCustomPlot* plot : page->findChildren<QCustomPlot*>()) {
    if (!plot->isVisible()) continue;
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true)) {
      auto* title = qobject_cast<QCPTextElement*>(e);
      if (!title) continue;
      const QFontMetrics metrics(title->font());
      for (const QString& line : title->text().split('\n')) {
        checked += line.isEmpty() ? 0 : 1;
        if (metrics.horizontalAdvance(line) > plot->width())
          clipped.append(QString("%1 (%2 > %3 px)").arg(line).arg(metrics.horizontalAdvance(line)).arg(plot->width()));
      }
    }
  }
  return clipped;
}

}  // namespace

class GuiMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void the_toy_is_private_to_its_window() {
    const QString shared = QDir(QDir::tempPath()).filePath("vaco-studio-projectile.hdf5");
    QFile::remove(shared);
    vaco::ui::MainWindow a, b;
    a.useProjectile();
    b.useProjectile();
    QVERIFY(!QFile::exists(shared));
    QVERIFY2(a.summaryText().contains("projectile"), qPrintable(a.summaryText()));
    const QStringList recent = QSettings().value("dataset/recent").toStringList();
    for (const QString& path : recent) QVERIFY2(!path.contains("projectile.hdf5") || QFile::exists(path), qPrintable(path));
  }

  void the_window_fits_a_1024_pixel_wide_screen() {
    vaco::ui::MainWindow w;
    w.show();
    QVERIFY2(w.minimumSizeHint().width() <= 1024, qPrintable(QString::number(w.minimumSizeHint().width())));
    w.resize(1024, 640);
    QTRY_COMPARE(w.width(), 1024);
  }
  void opens_a_dataset() {
    ui::MainWindow w;
    w.show();
    const QString path = test::tempPath("gui-small.hdf5");
    write_d4rl(test::makeSmallDataset(57, 3, 2, 10), path.toStdString());
    QVERIFY(w.openDataset(path));
    QVERIFY(w.summaryText().contains("57"));
    QVERIFY(w.summaryText().contains(path));
    double total = 0;
    for (double c : w.returnHistogram()->counts()) total += c;
    QCOMPARE(total, 6.0);  // one count per episode
    QCOMPARE(w.returnHistogram()->title(), QString("Episode returns (6 episodes)"));
    QVERIFY(w.summaryText().contains("episode length"));
    // The summary is as tall as its lines (no empty block above the histogram), which all show.
    auto* summary = w.findChild<QPlainTextEdit*>("datasetSummary");
    QVERIFY(summary);
    const int lines = summary->document()->blockCount();
    const int lineHeight = QFontMetrics(summary->font()).lineSpacing();
    QTRY_VERIFY(summary->height() >= lines * lineHeight);
    QVERIFY2(summary->height() <= (lines + 3) * lineHeight,
             qPrintable(QString("%1 px for %2 lines").arg(summary->height()).arg(lines)));
  }

  void opens_a_minari_dataset_folder() {
    if (test::referencePython().isEmpty()) QSKIP("no reference Python configured (VACO_PYTHON is empty)");
    const QString root = test::tempPath("gui-minari");
    const auto made = test::runFixtureScript("make_minari_datasets.py", {root});
    QVERIFY2(made.exit_code == 0, (made.out + made.err).constData());
    ui::MainWindow w;
    w.show();
    QVERIFY(w.openDataset(root + "/test/hopper/mixed-v0"));
    QVERIFY(w.summaryText().contains("minari dataset         test/hopper/mixed-v0"));
    QVERIFY(w.summaryText().contains("Hopper-v5"));
    QVERIFY(w.summaryText().contains("score references"));
    // The run reads the file the summary names, and the window is titled with the dataset's name.
    QVERIFY(w.summaryText().contains(root + "/test/hopper/mixed-v0/data/main_data.hdf5"));
    QVERIFY(w.windowTitle().contains("test-hopper-mixed-v0"));
  }

  void bad_file_gives_error_and_window_survives() {
    ui::MainWindow w;
    w.show();
    const QString bad = test::tempPath("gui-bad.hdf5");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("garbage");
    f.close();
    QVERIFY(!w.openDataset(bad));
    QVERIFY(w.lastError().contains("not an HDF5 file"));
    QVERIFY(w.lastError().contains(bad));
    const QString good = test::tempPath("gui-good.hdf5");
    QVERIFY(w.generateProjectile(good));
    QVERIFY(w.lastError().isEmpty());
    QVERIFY(w.summaryText().contains("projectile"));
  }

  void generates_a_d4rl_recipe_from_a_sac_run() {
    online::SacRunConfig c;
    c.env = "hopper";
    c.device = "cpu";
    c.steps = 600;
    c.learning_starts = 300;
    c.checkpoint_every = 300;
    c.eval_episodes = 1;
    c.batch_size = 32;
    c.sac.shape = {.hidden = 16, .depth = 2};
    const QString run = test::tempPath("gui-sac-run");
    QCOMPARE(online::SacRun(c, run.toStdString()).run().status, train::RunStatus::Completed);

    ui::GenerateDialog dialog;
    QVERIFY(!dialog.problem().isEmpty());  // no output file yet
    ui::GenerateRequest r{.kind = "medium", .sacRun = run, .rows = 1500, .seed = 3, .out = test::tempPath("gui-medium.hdf5")};
    dialog.setRequest(r);
    QCOMPARE(dialog.problem(), QString());
    QCOMPARE(dialog.request().kind, QString("medium"));
    QCOMPARE(dialog.request().rows, qint64{1500});

    ui::MainWindow w;
    w.show();
    QVERIFY(w.generateDataset(dialog.request()));
    QVERIFY2(w.summaryText().contains("recipe") && w.summaryText().contains("medium"), qPrintable(w.summaryText()));
    QVERIFY(w.summaryText().contains("metadata/algorithm"));
    // A bad request is a one-line error and the window keeps working.
    r.sacRun = test::tempPath("no-such-sac-run");
    QVERIFY(!w.generateDataset(r));
    QVERIFY2(w.lastError().contains("no such run directory"), qPrintable(w.lastError()));
    QVERIFY(w.generateProjectile(test::tempPath("gui-after-error.hdf5")));

    // An unfinished SAC run joins Compare: the window does not try to resume it as an offline run.
    const QString unfinished = test::tempPath("gui-sac-unfinished");
    {
      online::SacRun sac(c, unfinished.toStdString());
      std::atomic<bool> stop{false};
      QCOMPARE(sac.run(&stop, [&] { stop = sac.env_steps() == 350; }).status, train::RunStatus::Interrupted);
    }
    QVERIFY(w.openRunDirectory(unfinished));
    QVERIFY(!w.session()->isRunning());
    QCOMPARE(w.tabs()->tabText(w.tabs()->currentIndex()), QString("Compare"));

    // A folder of runs (here a grid's <dataset>/<algorithm>/seed-N) joins Compare run by run.
    const std::filesystem::path grid = test::tempPath("gui-run-folder").toStdString();
    std::filesystem::remove_all(grid);
    for (const char* seed : {"seed-0", "seed-1"}) {
      std::filesystem::create_directories(grid / "medium" / "sac" / seed);
      std::filesystem::copy(run.toStdString(), grid / "medium" / "sac" / seed, std::filesystem::copy_options::recursive);
    }
    w.tabs()->setCurrentIndex(0);
    QVERIFY(w.openRunDirectory(QString::fromStdString(grid.string())));
    QCOMPARE(w.tabs()->tabText(w.tabs()->currentIndex()), QString("Compare"));
    QStringList labels;
    for (int i = 0; i < 16; ++i) labels << w.compareView()->runLabel(i);
    QVERIFY2(labels.contains("medium/sac/seed-0") && labels.contains("medium/sac/seed-1"), qPrintable(labels.join(",")));
    // An empty folder is refused in one line.
    const QString empty = test::tempPath("gui-empty-folder");
    QDir().mkpath(empty);
    QVERIFY(!w.openRunDirectory(empty));
    QVERIFY(!w.lastError().isEmpty());
  }

  void finished_run_shows_its_newest_snapshot() {
    const QString dir = finishedVacoRun("gui-finished-vaco");
    ui::MainWindow w;
    w.show();
    QVERIFY(w.openRunDirectory(dir));
    QCOMPARE(w.tabs()->tabText(w.tabs()->currentIndex()), QString("Compare"));
    // The newest snapshot (the run's end, step 40) is in the Weights tab, with the source names.
    QVERIFY2(w.weightsView()->caption().contains("40"), qPrintable(w.weightsView()->caption()));
    QVERIFY(w.weightsView()->trajectoryPicker()->count() > 0);
    QVERIFY2(w.weightsView()->trajectoryPicker()->itemText(0).contains("policy @"),
             qPrintable(w.weightsView()->trajectoryPicker()->itemText(0)));

    // A snapshot that does not read leaves a note, and the run still joins Compare.
    const QString broken = test::tempPath("gui-finished-broken");
    std::filesystem::remove_all(broken.toStdString());
    std::filesystem::copy(dir.toStdString(), broken.toStdString(), std::filesystem::copy_options::recursive);
    QFile f(broken + "/snapshots/step-999999999.json");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"step\": ");
    f.close();
    QVERIFY(w.openRunDirectory(broken));
    QVERIFY2(w.statusBar()->currentMessage().contains("step-999999999.json"), qPrintable(w.statusBar()->currentMessage()));
  }

  void no_title_is_clipped_at_1024x640() {
    const QString dir = finishedVacoRun("gui-small-screen");
    ui::MainWindow w;
    w.resize(1024, 640);
    w.show();
    QVERIFY(w.generateProjectile(test::tempPath("gui-small-screen.hdf5")));
    QVERIFY(w.openRunDirectory(dir));  // fills Weights and Compare
    QTRY_COMPARE(w.width(), 1024);
    int checked = 0;
    for (int i = 0; i < w.tabs()->count(); ++i) {
      if (!w.tabs()->isTabEnabled(i)) continue;
      w.tabs()->setCurrentIndex(i);
      QTest::qWait(50);
      const QStringList clipped = clippedTitles(w.tabs()->widget(i), checked);
      QVERIFY2(clipped.isEmpty(), qPrintable(w.tabs()->tabText(i) + ": " + clipped.join("; ")));
    }
    QVERIFY2(checked >= 6, qPrintable(QString("%1 titles checked").arg(checked)));  // dataset, weights x3, projectile, compare
  }

  void screenshot_is_not_flat() {
    ui::MainWindow w;
    w.resize(1280, 760);  // fits a 1366 x 768 laptop screen
    w.show();
    QVERIFY(w.generateProjectile(test::tempPath("gui-shot.hdf5")));
    QTest::qWait(100);
    const QImage img = w.grab().toImage();
    QVERIFY(!img.isNull());
    QCOMPARE(img.width(), 1280);
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
      for (int x = 0; x < img.width(); x += 7) colours.insert(img.pixel(x, y));
    QVERIFY2(colours.size() > 5, qPrintable(QString::number(colours.size())));
  }
};

QTEST_MAIN(GuiMainWindow)
#include "test_gui_main_window.moc"
