#include "ui/app/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QMenuBar>
#include <QTabBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>

#include <climits>
#include <cstdio>
#include <memory>
#include <optional>

#include "core/analysis/snapshot_json.h"
#include "core/train/run_dir.h"
#include "core/train/environment.h"
#include "core/train/step_files.h"
#include "ui/views/compare_view.h"
#include "ui/app/dataset_service.h"
#include "ui/session/run_request_check.h"
#include "ui/app/generate_dialog.h"
#include "ui/plots/histogram_plot.h"
#include "ui/views/projectile_view.h"
#include "ui/panels/run_panel.h"
#include "ui/session/run_request.h"
#include "ui/session/run_launcher.h"
#include "ui/session/training_session.h"
#include "ui/views/training_view.h"
#include "ui/views/lesson_view.h"
#include "ui/views/trajectories_view.h"
#include "ui/views/weights_view.h"

namespace vaco::ui {
namespace {

constexpr int kMaxRecent = 8;
const QStringList kProjectileLabels = {"near-optimal", "uniform", "lob"};

// The newest snapshots/step-*.json of a run directory; null when it has none. A file that does
// not read gives null and the reason in `error`.
std::shared_ptr<const analysis::AnalysisSnapshot> newest_saved_snapshot(const QDir& run, QString& error) {
  const std::vector<std::string> files = train::list_step_files(train::RunDir(run.absolutePath().toStdString()).snapshots(), ".json");
  if (files.empty()) return nullptr;
  try {
    return std::make_shared<const analysis::AnalysisSnapshot>(analysis::load_snapshot(files.front()));
  } catch (const std::exception& e) {
    error = QString::fromUtf8(e.what());
    return nullptr;
  }
}

// Names of the behaviour labels a snapshot carries: the projectile's throws, the names the
// snapshot brings (source policies), else "behaviour N".
QStringList label_names_for(const analysis::AnalysisSnapshot& s, bool projectile) {
  if (projectile) return kProjectileLabels;
  if (!s.label_names.empty()) {
    QStringList names;
    for (const std::string& name : s.label_names) names << QString::fromStdString(name);
    return names;
  }
  int top = -1;
  for (int l : s.trajectory_labels) top = std::max(top, l);
  QStringList names;
  for (int i = 0; i <= top; ++i) names << QString("behaviour %1").arg(i);
  return names;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("VACO Studio");
  setObjectName("MainWindow");

  // Dataset tab: the summary and the return histogram.
  summary_ = new QPlainTextEdit(this);
  summary_->setObjectName("datasetSummary");
  summary_->setReadOnly(true);
  summary_->setLineWrapMode(QPlainTextEdit::NoWrap);  // one fact per line; long key lists scroll
  summary_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  summary_->setPlaceholderText("File > Open a D4RL .hdf5 dataset, or File > Generate dataset (the projectile toy, or D4RL recipes from a SAC run).");
  returns_ = new HistogramPlot("episode return", this);
  dataset_split_ = new QSplitter(Qt::Vertical, this);
  dataset_split_->addWidget(summary_);
  dataset_split_->addWidget(returns_);
  dataset_split_->setSizes({260, 340});

  launcher_ = new RunLauncher(this);
  training_ = new TrainingView(launcher_->store(), this);
  weights_ = new WeightsView(this);
  trajectories_ = new TrajectoriesView(this);
  lesson_ = new LessonView(this);
  projectile_ = new ProjectileView(this);
  compare_ = new CompareView(launcher_->store(), this);
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("tabs");
  tabs_->addTab(dataset_split_, "Dataset");
  tabs_->addTab(training_, "Training");
  tabs_->addTab(weights_, "Weights");
  tabs_->addTab(trajectories_, "Trajectories");
  tabs_->addTab(projectile_, "Projectile");
  tabs_->addTab(compare_, "Compare");
  tabs_->addTab(lesson_, "Lesson");
  tabs_->setTabEnabled(tabs_->indexOf(projectile_), false);
  setCentralWidget(tabs_);

  run_panel_ = new RunPanel(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(run_panel_);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(375);  // the panel's 340 px plus a scroll bar
  auto* dock = new QDockWidget("Run", this);
  dock->setObjectName("RunDock");
  dock->setWidget(scroll);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  launcher_->setRunsRoot(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("runs"));
  connect(launcher_, &RunLauncher::launching, this, &MainWindow::onLaunching);
  connect(launcher_, &RunLauncher::started, this, &MainWindow::onStarted);
  connect(launcher_, &RunLauncher::metrics, this, &MainWindow::onMetrics);
  connect(launcher_, &RunLauncher::progress, this, &MainWindow::onProgress);
  connect(launcher_, &RunLauncher::snapshot, this, &MainWindow::onSnapshot);
  connect(launcher_, &RunLauncher::pausedChanged, this, &MainWindow::onPausedChanged);
  connect(launcher_, &RunLauncher::finished, this, &MainWindow::onFinished);
  connect(launcher_, &RunLauncher::allFinished, this, &MainWindow::allRunsFinished);
  connect(launcher_, &RunLauncher::idle, this, &MainWindow::onIdle);
  connect(launcher_, &RunLauncher::failed, this, &MainWindow::showError);
  connect(run_panel_, &RunPanel::startRequested, this, &MainWindow::startRun);
  connect(run_panel_, &RunPanel::pauseRequested, launcher_, &RunLauncher::pause);
  connect(run_panel_, &RunPanel::resumeRequested, launcher_, &RunLauncher::resume);
  connect(run_panel_, &RunPanel::stopRequested, this, &MainWindow::stopRun);
  connect(weights_, &WeightsView::refreshRequested, launcher_, &RunLauncher::requestSnapshot);
  connect(lesson_, &LessonView::trainRequested, this, [this](const QString& algo) {
    lesson_runs_ = true;
    launcher_->queueDemoRun(algo, lesson_steps_, lesson_value_steps_);
  });
  connect(lesson_, &LessonView::leaveRequested, this, &MainWindow::leaveLesson);
  // The Trajectories tab's Q and |a - pi(s)| strip: asked of the live run when it trains on the
  // dataset the tab shows.
  connect(trajectories_, &TrajectoriesView::episodeProbeRequested, this, [this](int episode, qint64 start, qint64 length) {
    if (launcher_->isRunning() && !live_dataset_path_.isEmpty() && live_dataset_path_ == dataset_path_)
      launcher_->requestEpisodeProbe(episode, start, length);
  });
  connect(launcher_, &RunLauncher::episodeProbe, trajectories_, &TrajectoriesView::setEpisodeProbe);
  connect(compare_, &CompareView::addFolderRequested, this,
          [this](const QString& dir) { compare_->showErrors(launcher_->store().addRunFolder(dir)); });
  connect(compare_, &CompareView::removeRequested, this, [this](const QList<int>& runs) {
    for (int run : runs) launcher_->store().removeRun(run);
  });

  buildMenus();
  status_label_ = new QLabel(this);
  statusBar()->addPermanentWidget(status_label_);
  statusBar()->showMessage("Ready");
  resize(1440, 900);

  QSettings settings;
  run_panel_->restoreSettings(settings);
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  tabs_->setCurrentIndex(settings.value("window/tab", 0).toInt());
}

MainWindow::~MainWindow() { launcher_->shutdown(); }

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("&Open dataset...", QKeySequence::Open, this, &MainWindow::chooseAndOpen);
  file->addAction("Open &Minari dataset folder...", this, &MainWindow::chooseAndOpenMinari);
  recent_menu_ = file->addMenu("Open &recent");
  fillRecentMenu();
  file->addAction("&Generate dataset (projectile toy, D4RL recipes)...", this, &MainWindow::chooseAndGenerate);
  file->addAction("Use the projectile toy (in memory)", this, &MainWindow::useProjectile);
  file->addSeparator();
  file->addAction("Open run &directory (resume or compare)...", this, &MainWindow::chooseRunDirectory);
  file->addSeparator();
  file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
  QMenu* run = menuBar()->addMenu("&Run");
  run->addAction("Projectile &demo (VACO, BC, IQL)", this, &MainWindow::startDemo);
  run->addAction("Projectile &lesson (full window)", this, [this] { startLesson(); });
  run->addAction("&Snapshot now", launcher_, &RunLauncher::requestSnapshot);
}

void MainWindow::showError(const QString& title, const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(title + ": " + message);
  if (scripted_) {
    QString line = message;
    std::fprintf(stderr, "vaco-studio: %s: %s\n", qPrintable(title.toLower()), qPrintable(line.replace('\n', "; ")));
    std::fflush(stderr);
  } else if (!qEnvironmentVariableIsSet("VACO_NO_DIALOGS")) {
    QMessageBox::critical(this, title, message);
  }
}

void MainWindow::setDatasetKind(bool projectile, const QString& name) {
  dataset_projectile_ = projectile;
  dataset_name_ = name;
  launcher_->setDataset({dataset_path_, projectile, name});
  tabs_->setTabEnabled(tabs_->indexOf(projectile_), projectile);
  run_panel_->setDatasetKind(projectile);
  setWindowTitle("VACO Studio — " + name);
}

bool MainWindow::openDataset(const QString& path) {
  const DatasetLoad load = loadDatasetSummary(path);
  if (!load.ok) {
    showError("Cannot open dataset", load.error);
    return false;
  }
  last_error_.clear();
  summary_->setPlainText(load.text);
  fitSummaryHeight();
  returns_->setTitle(QString("Episode returns (%1 episodes)").arg(load.episode_returns.size()));
  returns_->setValues(load.episode_returns);
  dataset_path_ = QFileInfo(load.file).absoluteFilePath();
  trajectories_->setDatasetPath(dataset_path_);
  setDatasetKind(load.text.contains("projectile", Qt::CaseInsensitive), load.name);
  statusBar()->showMessage("Opened " + path);
  rememberRecent(dataset_path_);
  return true;
}

void MainWindow::fitSummaryHeight() {
  // The summary gets the height of its lines (at most two thirds of the tab); the histogram the rest.
  const int lines = summary_->document()->blockCount();
  const int text = lines * QFontMetrics(summary_->font()).lineSpacing() +
                   2 * (summary_->frameWidth() + int(summary_->document()->documentMargin())) +
                   summary_->horizontalScrollBar()->sizeHint().height() + 4;
  const int total = std::max(dataset_split_->height(), 600);
  const int top = std::min(text, total * 2 / 3);
  dataset_split_->setSizes({top, total - top});
}

bool MainWindow::generateProjectile(const QString& path) {
  const QString error = writeProjectileDataset(path);
  if (!error.isEmpty()) {
    showError("Cannot generate dataset", error);
    return false;
  }
  return openDataset(path);
}

void MainWindow::useProjectile() {
  // Written once per window to its own temporary folder (removed with the window), so the
  // summary shows exactly what trains and no other process's file is read.
  if (!toy_dir_) toy_dir_ = std::make_unique<QTemporaryDir>();
  const QString path = toy_dir_->filePath("projectile.hdf5");
  if (!toy_dir_->isValid()) {
    showError("Cannot generate dataset", "no temporary folder for the projectile dataset");
    return;
  }
  if (!QFileInfo::exists(path) && !writeProjectileDataset(path).isEmpty()) {
    showError("Cannot generate dataset", "the projectile dataset could not be written to " + path);
    return;
  }
  if (!openDataset(path)) return;
  forgetRecent(path);     // a temporary file is no recent file
  dataset_path_.clear();  // train on the in-memory copy
  setDatasetKind(true, "projectile (in memory)");
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("dataset/recent").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("dataset/recent", recent);
  settings.setValue("dataset/last", path);
  fillRecentMenu();
}

void MainWindow::forgetRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("dataset/recent").toStringList();
  recent.removeAll(path);
  settings.setValue("dataset/recent", recent);
  fillRecentMenu();
}

void MainWindow::fillRecentMenu() {
  recent_menu_->clear();
  const QStringList recent = QSettings().value("dataset/recent").toStringList();
  for (const QString& path : recent)
    recent_menu_->addAction(path, this, [this, path] { openDataset(path); });
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::chooseAndOpen() {
  const QString start = QSettings().value("dataset/last").toString();
  const QString path = QFileDialog::getOpenFileName(this, "Open dataset (D4RL file or Minari main_data.hdf5)", start,
                                                    "HDF5 datasets (*.hdf5 *.h5);;All files (*)");
  if (!path.isEmpty()) openDataset(path);
}

void MainWindow::chooseAndOpenMinari() {
  const QString start = QString::fromLocal8Bit(qgetenv("MINARI_DATASETS_PATH"));
  const QString dir = QFileDialog::getExistingDirectory(this, "Open Minari dataset folder",
                                                        start.isEmpty() ? QDir::homePath() + "/.minari/datasets" : start);
  if (!dir.isEmpty()) openDataset(dir);
}

void MainWindow::chooseAndGenerate() {
  GenerateDialog dialog(this);
  dialog.setRequest(GenerateRequest{.out = QDir::current().filePath("projectile.hdf5")});
  if (dialog.exec() == QDialog::Accepted) generateDataset(dialog.request());
}

bool MainWindow::generateDataset(const GenerateRequest& request) {
  QProgressDialog progress("Generating " + request.kind + " into " + QFileInfo(request.out).fileName() + "...",
                           QString(), 0, 0, this);
  progress.setWindowTitle("Generate dataset");
  progress.setWindowModality(Qt::WindowModal);
  progress.setMinimumDuration(300);
  QString error;
  QEventLoop loop;
  // The rollouts run on a helper thread; their progress reaches the bar as queued calls, which
  // Qt drops if the bar is gone by then.
  std::unique_ptr<QThread> thread(QThread::create([&] {
    error = vaco::ui::generateDataset(request, [&progress](qint64 done, qint64 total) {
      QMetaObject::invokeMethod(
          &progress,
          [&progress, done, total] {
            progress.setMaximum(int(std::min<qint64>(total, INT_MAX)));
            progress.setValue(int(std::min<qint64>(done, INT_MAX)));
          },
          Qt::QueuedConnection);
    });
  }));
  connect(thread.get(), &QThread::finished, &loop, &QEventLoop::quit);
  thread->start();
  loop.exec();
  thread->wait();
  progress.reset();
  if (!error.isEmpty()) {
    showError("Cannot generate dataset", error);
    return false;
  }
  return openDataset(request.out);
}

void MainWindow::chooseRunDirectory() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Open run directory", launcher_->runsRoot());
  if (!dir.isEmpty()) openRunDirectory(dir);
}

bool MainWindow::openRunDirectory(const QString& dir) {
  const QDir d(dir);
  const train::RunDir run_dir(d.absolutePath().toStdString());
  if (!run_dir.has_config()) {
    // A folder of runs (seeds, a `vaco grid` folder) joins Compare run by run.
    const QStringList errors = launcher_->store().addRunFolder(d.absolutePath());
    if (!errors.isEmpty()) {
      showError("Not a run directory", errors.join("\n"));
      return false;
    }
    showTab("Compare");
    return true;
  }
  // A run that ended ("finished" line) only joins Compare; an unfinished one with a checkpoint
  // resumes. Online SAC runs (run.json says kind "sac") are `vaco sac`'s: they join Compare.
  const std::optional<train::RunInfo> info = run_dir.info_if_any();
  const bool online = info && info->kind == "sac";
  const bool resumable = run_dir.state() == train::RunDirState::Resumable;
  if (resumable && !online && !launcher_->isRunning()) return launcher_->resumeDirectory(d.absolutePath());
  const QString error = launcher_->store().addRunDirectory(d.absolutePath());
  if (!error.isEmpty()) {
    showError("Cannot read the run", error);
    return false;
  }
  // The Trajectories tab compares episodes with this run's saved policy while no run is live.
  if (!launcher_->isRunning()) trajectories_->setRunDirectory(d.absolutePath());
  // The Weights tab shows the run's newest saved snapshot while no run is live.
  QString snapshot_error;
  if (const auto s = newest_saved_snapshot(d, snapshot_error); s && !launcher_->isRunning()) {
    SnapshotPayload payload;
    payload.snapshot = s;
    weights_->setSnapshot(payload, label_names_for(*s, info && train::is_projectile(info->env_id)));
    trajectories_->setSnapshot(s, d.dirName());
  } else if (!snapshot_error.isEmpty()) {
    statusBar()->showMessage("Weights tab: " + snapshot_error);
  }
  showTab("Compare");
  return true;
}

void MainWindow::setRunsRoot(const QString& dir) { launcher_->setRunsRoot(dir); }

bool MainWindow::startRun(const RunRequest& request) {
  const bool started = launcher_->start(request);
  const QStringList notes = runRequestNotes(request);
  if (started && !notes.isEmpty()) statusBar()->showMessage("Note: " + notes.join("; "));
  return started;
}

void MainWindow::startDemo() {
  if (launcher_->isRunning()) {
    showError("A run is going", "stop it before starting the demo");
    return;
  }
  if (!dataset_projectile_) useProjectile();
  compare_->setAlignPolicyPhase(true);  // BC has no value phase: compare the policy phases
  showTab("Training");
  launcher_->startDemo();
}

void MainWindow::startLesson(int step, qint64 steps, qint64 valueSteps) {
  lesson_steps_ = steps;
  lesson_value_steps_ = valueSteps;
  if (!dataset_projectile_) useProjectile();
  if (!lesson_has_throws_) {
    const ProjectileThrows t = projectileThrows();
    lesson_->setThrows(t.heights, t.anglesDeg, t.labels);
    lesson_has_throws_ = true;
  }
  in_lesson_ = true;
  for (QDockWidget* dock : findChildren<QDockWidget*>()) dock->hide();
  menuBar()->hide();
  tabs_->tabBar()->hide();
  showTab("Lesson");
  lesson_->setStep(step);
  lesson_->setFocus();
}

void MainWindow::leaveLesson() {
  if (!in_lesson_) return;
  in_lesson_ = false;
  for (QDockWidget* dock : findChildren<QDockWidget*>()) dock->show();
  menuBar()->show();
  tabs_->tabBar()->show();
}

void MainWindow::onLaunching(const QString& label, const QString& runDir) {
  live_dataset_path_.clear();  // known once the run has started (run.json)
  last_error_.clear();
  training_->showRun(launcher_->liveRun());
  weights_->clear();
  training_->setStreaming(true);
  run_panel_->setRunState(RunState::Running);
  weights_->setRefreshEnabled(true);
  statusBar()->showMessage("Starting " + label + " in " + runDir);
}

void MainWindow::onIdle() {
  run_panel_->setRunState(RunState::Idle);
  weights_->setRefreshEnabled(false);
  training_->setStreaming(false);
}

void MainWindow::onProgress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond) {
  run_panel_->setProgress(phase, step, total, stepsPerSecond);
  emit progressed(step, total);
}

void MainWindow::onPausedChanged(bool paused) {
  if (run_panel_->runState() == RunState::Stopping) return;
  run_panel_->setRunState(paused ? RunState::Paused : RunState::Running);
  statusBar()->showMessage(launcher_->runLabel() + (paused ? " paused" : " running"));
}

void MainWindow::onStarted(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps,
                           qint64 total) {
  if (lesson_runs_) lesson_->runStarted(algo);
  // The file the run trains on, as its run.json names it (a resumed run's may differ from the open one).
  if (const std::optional<train::RunInfo> info = train::RunDir(runDir.toStdString()).info_if_any();
      info && !info->dataset_path.empty())
    live_dataset_path_ = QFileInfo(QString::fromStdString(info->dataset_path)).absoluteFilePath();
  training_->setPolicyLoss(policyLossText(algo));
  status_label_->setText(QString("%1 on %2").arg(launcher_->runLabel(), envId.isEmpty() ? dataset_name_ : envId));
  statusBar()->showMessage(QString("Training %1: %L2 value + %L3 policy steps → %4")
                               .arg(launcher_->runLabel())
                               .arg(valueSteps)
                               .arg(total - valueSteps)
                               .arg(runDir));
}

void MainWindow::onMetrics(const StreamBatch& batch) {
  for (const QString& note : batch.notes) statusBar()->showMessage(note);
}

void MainWindow::onSnapshot(const SnapshotPayload& payload) {
  if (!payload.snapshot) return;
  const analysis::AnalysisSnapshot& s = *payload.snapshot;
  last_snapshot_ = payload.snapshot;
  weights_->setSnapshot(payload, label_names_for(s, dataset_projectile_));
  trajectories_->setSnapshot(payload.snapshot, launcher_->runLabel());
  trajectories_->setRunDirectory(launcher_->runDirectory());
  if (lesson_runs_) lesson_->showSnapshot(payload);
  const bool learned = algorithmLearnsWeights(QString::fromStdString(s.algo));
  if (dataset_projectile_ && s.obs_dim == 1 && s.act_dim == 1 && (learned || !data_coloured_by_learned_weights_)) {
    data_coloured_by_learned_weights_ = learned;
    QVector<double> h, angle, w;
    for (size_t i = 0; i < s.probe_size(); ++i) {
      h.push_back(s.probe_observations[i]);
      angle.push_back(s.probe_actions[i] * 90.0);
      w.push_back(s.probe_weights[i]);
    }
    projectile_->setDataPoints(h, angle, w);
  }
  if (dataset_projectile_ && !payload.heights.isEmpty())
    projectile_->setRunAngles(launcher_->runLabel(), payload.heights, payload.anglesDeg);
  if (dataset_projectile_ && !payload.qGrid.isEmpty())
    projectile_->setLearnedQ(launcher_->runLabel(), SnapshotPayload::kQHeights, SnapshotPayload::kQAngles,
                             payload.qGrid);
  emit snapshotShown(s.step);
}

void MainWindow::onFinished(const QString& status, const QString& message) {
  if (lesson_runs_) lesson_->runFinished(status);
  if (status == "failed") {
    showError("Training failed", message);
  } else {
    statusBar()->showMessage(QString("%1 %2 at step %L3; run directory %4")
                                 .arg(launcher_->runLabel(), status)
                                 .arg(launcher_->lastStep())
                                 .arg(launcher_->runDirectory()));
  }
  emit runFinished(status, message);
}

void MainWindow::pauseRun() { launcher_->pause(); }

void MainWindow::resumeRun() { launcher_->resume(); }

void MainWindow::stopRun() {
  if (!launcher_->isRunning()) return;
  run_panel_->setRunState(RunState::Stopping);
  statusBar()->showMessage("Stopping " + launcher_->runLabel() + " at the next step (a checkpoint is written)…");
  launcher_->stop();
}

bool MainWindow::showTab(const QString& name) {
  for (int i = 0; i < tabs_->count(); ++i)
    if (tabs_->tabText(i).compare(name, Qt::CaseInsensitive) == 0) {
      tabs_->setCurrentIndex(i);
      return true;
    }
  return false;
}

QString MainWindow::summaryText() const { return summary_->toPlainText(); }

TrainingSession* MainWindow::session() const { return launcher_->session(); }

QString MainWindow::runDirectory() const { return launcher_->runDirectory(); }

QString MainWindow::runLabel() const { return launcher_->runLabel(); }

StreamEval MainWindow::lastEval() const { return launcher_->lastEval(); }

qint64 MainWindow::lastStep() const { return launcher_->lastStep(); }

void MainWindow::closeEvent(QCloseEvent* event) {
  if (launcher_->isRunning()) statusBar()->showMessage("Stopping the run and writing a checkpoint…");
  launcher_->shutdown();  // drop the queue, stop at a step boundary, checkpoint, join
  QSettings settings;
  run_panel_->saveSettings(settings);
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/tab", tabs_->currentIndex());
  event->accept();
}

}  // namespace vaco::ui
