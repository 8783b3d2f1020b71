#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
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
#include "core/train/presets.h"
#include "core/train/step_files.h"
#include "ui/compare_view.h"
#include "ui/dataset_service.h"
#include "ui/run_request_check.h"
#include "ui/generate_dialog.h"
#include "ui/histogram_plot.h"
#include "ui/projectile_view.h"
#include "ui/run_panel.h"
#include "ui/run_request.h"
#include "ui/thread_handoff.h"
#include "ui/training_session.h"
#include "ui/training_view.h"
#include "ui/training_worker.h"
#include "ui/weights_view.h"

namespace vaco::ui {
namespace {

constexpr int kMaxRecent = 8;
const QStringList kProjectileLabels = {"near-optimal", "uniform", "lob"};

// The request as `--set`-style overrides, plus the GUI's logging and evaluation cadence.
QStringList overrides_of(const RunRequest& r) {
  QStringList o = {"algo=" + r.algo, "steps=" + QString::number(r.steps),
                   "value_steps=" + QString::number(r.value_steps), "seed=" + QString::number(r.seed),
                   "device=" + r.device};
  const qint64 total = r.steps + r.value_steps;
  // Enough points for live curves without a host sync every step.
  o << "log_every=" + QString::number(std::clamp<qint64>(total / 400, 10, 100));
  if (!r.settings.contains("eval_every")) o << "eval_every=" + QString::number(std::max<qint64>(100, r.steps / 20));
  for (auto it = r.settings.cbegin(); it != r.settings.cend(); ++it) o << it.key() + "=" + it.value();
  return o;
}

// Runs differing only in the seed share this key (Compare groups them into one band).
QString group_key_of(const RunRequest& r) {
  QJsonObject j{{"algo", r.algo}, {"steps", r.steps}, {"value_steps", r.value_steps}};
  for (auto it = r.settings.cbegin(); it != r.settings.cend(); ++it) j.insert(it.key(), it.value());
  return QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact));
}

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
  runs_root_ = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("runs");

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

  training_ = new TrainingView(this);
  weights_ = new WeightsView(this);
  projectile_ = new ProjectileView(this);
  compare_ = new CompareView(this);
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("tabs");
  tabs_->addTab(dataset_split_, "Dataset");
  tabs_->addTab(training_, "Training");
  tabs_->addTab(weights_, "Weights");
  tabs_->addTab(projectile_, "Projectile");
  tabs_->addTab(compare_, "Compare");
  tabs_->setTabEnabled(3, false);
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

  session_ = new TrainingSession(this);
  connect(session_, &TrainingSession::aboutToStart, this, &MainWindow::connectWorker);
  connect(session_, &TrainingSession::ended, this, [this] {
    run_panel_->setRunState(RunState::Idle);
    weights_->setRefreshEnabled(false);
    training_->setStreaming(false);
    launchNextQueued();
  });
  connect(run_panel_, &RunPanel::startRequested, this, [this](const RunRequest& r) { startRun(r); });
  connect(run_panel_, &RunPanel::pauseRequested, this, &MainWindow::pauseRun);
  connect(run_panel_, &RunPanel::resumeRequested, this, &MainWindow::resumeRun);
  connect(run_panel_, &RunPanel::stopRequested, this, &MainWindow::stopRun);
  connect(weights_, &WeightsView::refreshRequested, session_, &TrainingSession::requestSnapshot);

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

MainWindow::~MainWindow() { session_->shutdown(); }

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
  run->addAction("&Snapshot now", session_, &TrainingSession::requestSnapshot);
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
  dataset_ready_ = true;
  tabs_->setTabEnabled(3, projectile);
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
  const QString dir = QFileDialog::getExistingDirectory(this, "Open run directory", runs_root_);
  if (!dir.isEmpty()) openRunDirectory(dir);
}

bool MainWindow::openRunDirectory(const QString& dir) {
  const QDir d(dir);
  const train::RunDir run_dir(d.absolutePath().toStdString());
  if (!run_dir.has_config()) {
    // A folder of runs (seeds, a `vaco grid` folder) joins Compare run by run.
    const QStringList errors = compare_->addRunFolder(d.absolutePath());
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
  if (resumable && !online && !session_->isRunning()) {
    TrainingJob job;
    job.runDir = d.absolutePath();
    job.resume = true;
    return launch(job, d.dirName() + " (resumed)", d.dirName());
  }
  const QString error = compare_->addRunDirectory(d.absolutePath());
  if (!error.isEmpty()) {
    showError("Cannot read the run", error);
    return false;
  }
  // The Weights tab shows the run's newest saved snapshot while no run is live.
  QString snapshot_error;
  if (const auto s = newest_saved_snapshot(d, snapshot_error); s && !session_->isRunning()) {
    SnapshotPayload payload;
    payload.snapshot = s;
    weights_->setSnapshot(payload, label_names_for(*s, info && train::is_projectile(info->env_id)));
  } else if (!snapshot_error.isEmpty()) {
    statusBar()->showMessage("Weights tab: " + snapshot_error);
  }
  showTab("Compare");
  return true;
}

void MainWindow::setRunsRoot(const QString& dir) { runs_root_ = dir; }

QString MainWindow::newRunDirectory(const QString& algo, quint64 seed) const {
  const QString stem = QString("%1-%2-s%3-%4")
                           .arg(dataset_name_.isEmpty() ? QString("run") : dataset_name_.section(' ', 0, 0), algo)
                           .arg(seed)
                           .arg(QDateTime::currentDateTime().toString("yyyyMMdd-hhmmss-zzz"));
  return QDir(runs_root_).filePath(stem);
}

bool MainWindow::startRun(const RunRequest& request) {
  if (!dataset_ready_) {
    showError("No dataset", "open a D4RL file or use the projectile toy first (File menu)");
    return false;
  }
  TrainingJob job;
  job.datasetPath = dataset_path_;
  job.projectile = dataset_path_.isEmpty() && dataset_projectile_;
  job.overrides = overrides_of(request);
  job.runDir = newRunDirectory(request.algo, request.seed);
  const bool started = launch(job, QString("%1 s%2").arg(request.algo).arg(request.seed), group_key_of(request));
  const QStringList notes = runRequestNotes(request);
  if (started && !notes.isEmpty()) statusBar()->showMessage("Note: " + notes.join("; "));
  return started;
}

void MainWindow::startDemo() {
  if (session_->isRunning()) {
    showError("A run is going", "stop it before starting the demo");
    return;
  }
  if (!dataset_projectile_) useProjectile();
  queue_.clear();
  for (const char* name : train::DemoPreset::algorithms) {
    const QString algo = QString::fromLatin1(name);
    RunRequest r;
    r.algo = algo;
    r.steps = train::DemoPreset::steps;
    r.value_steps = train::DemoPreset::value_steps;
    r.settings = {{"hidden", QString::number(train::DemoPreset::hidden)},
                  {"depth", QString::number(train::DemoPreset::depth)}};
    if (algo == "vaco") {
      for (const auto& [key, value] : train::DemoPreset::vaco_settings) {
        r.settings.insert(QString::fromLatin1(key), QString::fromLatin1(value));
      }
    }
    TrainingJob job;
    job.projectile = dataset_path_.isEmpty();
    job.datasetPath = dataset_path_;
    job.overrides = overrides_of(r);
    job.runDir = newRunDirectory(algo, 0);
    queue_.push_back({job, algo, group_key_of(r)});
  }
  compare_->setAlignPolicyPhase(true);  // BC has no value phase: compare the policy phases
  showTab("Training");
  launchNextQueued();
}

void MainWindow::launchNextQueued() {
  if (queue_.isEmpty() || session_->isRunning()) return;
  const Queued q = queue_.takeFirst();
  if (!launch(q.job, q.label, q.groupKey)) queue_.clear();
}

bool MainWindow::launch(const TrainingJob& job, const QString& label, const QString& groupKey) {
  if (session_->isRunning()) {
    showError("A run is going", "stop it before starting another");
    return false;
  }
  last_error_.clear();
  run_dir_ = job.runDir;
  run_label_ = label;
  last_step_ = 0;
  last_eval_ = StreamEval();
  training_->clear();
  weights_->clear();
  training_->setStreaming(true);
  live_run_ = compare_->addLiveRun(label, groupKey);
  compare_->setRunStatus(live_run_, "starting");
  run_panel_->setRunState(RunState::Running);
  weights_->setRefreshEnabled(true);
  statusBar()->showMessage("Starting " + label + " in " + job.runDir);
  return session_->start(job);
}

namespace {

// The "seed" of a started run's identity (its resolved config as JSON), as the Seed column shows
// it for run directories; "" when absent.
QString seedOf(const QString& identity) {
  const nlohmann::json j = nlohmann::json::parse(identity.toStdString(), nullptr, /*allow_exceptions=*/false);
  const auto it = j.is_object() ? j.find("seed") : j.end();
  return j.is_object() && it != j.end() && it->is_number_unsigned() ? QString::number(it->get<quint64>()) : QString();
}

}  // namespace

void MainWindow::connectWorker(TrainingWorker* w) {
  // Every slot first acquires what the worker released before emitting (see thread_handoff.h).
  connect(w, &TrainingWorker::started, this,
          [this](const QString& dir, const QString& algo, const QString& env, qint64 value_steps, qint64 total,
                 const QString& identity) {
            trainingHandoff().receive();
            compare_->setRunGroupKey(live_run_, identity);
            onStarted(dir, algo, env, value_steps, total, seedOf(identity));
          });
  connect(w, &TrainingWorker::metrics, this, [this](const StreamBatch& b) {
    trainingHandoff().receive();
    onMetrics(b);
  });
  connect(w, &TrainingWorker::snapshot, this, [this](const SnapshotPayload& p) {
    trainingHandoff().receive();
    onSnapshot(p);
  });
  connect(w, &TrainingWorker::finished, this, [this](const QString& status, const QString& message) {
    trainingHandoff().receive();
    onFinished(status, message);
  });
  connect(w, &TrainingWorker::progress, this, [this](const QString& phase, qint64 step, qint64 total, double rate) {
    trainingHandoff().receive();
    last_step_ = step;
    run_panel_->setProgress(phase, step, total, rate);
    emit progressed(step, total);
  });
  connect(w, &TrainingWorker::pausedChanged, this, [this](bool paused) {
    trainingHandoff().receive();
    if (run_panel_->runState() == RunState::Stopping) return;
    run_panel_->setRunState(paused ? RunState::Paused : RunState::Running);
    compare_->setRunStatus(live_run_, paused ? "paused" : "running");
    statusBar()->showMessage(run_label_ + (paused ? " paused" : " running"));
  });
}

void MainWindow::onStarted(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps,
                           qint64 total, const QString& seed) {
  compare_->setRunInfo(live_run_, algo, seed);
  training_->setPolicyLoss(policyLossText(algo));
  compare_->setRunPolicyStart(live_run_, double(valueSteps));
  compare_->setRunStatus(live_run_, "running");
  status_label_->setText(QString("%1 on %2").arg(run_label_, envId.isEmpty() ? dataset_name_ : envId));
  statusBar()->showMessage(QString("Training %1: %L2 value + %L3 policy steps → %4")
                               .arg(run_label_)
                               .arg(valueSteps)
                               .arg(total - valueSteps)
                               .arg(runDir));
}

void MainWindow::onMetrics(const StreamBatch& batch) {
  training_->append(batch);
  // Compare gets every metric of the live run, one batch per name.
  QMap<QString, std::array<QVector<double>, 3>> per_metric;
  for (const train::MetricRecord& r : batch.records)
    for (const auto& [name, value] : r.values) {
      auto& p = per_metric[QString::fromStdString(name)];
      p[0].push_back(double(r.step));
      p[1].push_back(r.wall_time);
      p[2].push_back(value);
    }
  for (auto it = per_metric.cbegin(); it != per_metric.cend(); ++it)
    compare_->appendMetrics(live_run_, it.key(), (*it)[0], (*it)[1], (*it)[2]);
  if (!batch.evals.isEmpty()) last_eval_ = batch.evals.back();
  for (const StreamEval& e : batch.evals)
    compare_->appendEval(live_run_, double(e.step), e.wall_time, e.score_mean, e.return_mean);
  for (const QString& note : batch.notes) statusBar()->showMessage(note);
}

void MainWindow::onSnapshot(const SnapshotPayload& payload) {
  if (!payload.snapshot) return;
  const analysis::AnalysisSnapshot& s = *payload.snapshot;
  last_snapshot_ = payload.snapshot;
  weights_->setSnapshot(payload, label_names_for(s, dataset_projectile_));
  if (dataset_projectile_ && s.obs_dim == 1 && s.act_dim == 1 && (s.algo == "vaco" || !data_coloured_by_vaco_)) {
    data_coloured_by_vaco_ = s.algo == "vaco";
    QVector<double> h, angle, w;
    for (size_t i = 0; i < s.probe_size(); ++i) {
      h.push_back(s.probe_observations[i]);
      angle.push_back(s.probe_actions[i] * 90.0);
      w.push_back(s.probe_weights[i]);
    }
    projectile_->setDataPoints(h, angle, w);
  }
  if (dataset_projectile_ && !payload.heights.isEmpty())
    projectile_->setRunAngles(run_label_, payload.heights, payload.anglesDeg);
  emit snapshotShown(s.step);
}

void MainWindow::onFinished(const QString& status, const QString& message) {
  compare_->setRunStatus(live_run_, status);
  if (status == "failed") {
    showError("Training failed", message);
  } else {
    statusBar()->showMessage(QString("%1 %2 at step %L3; run directory %4").arg(run_label_, status).arg(last_step_).arg(run_dir_));
  }
  if (status != "completed") queue_.clear();
  emit runFinished(status, message);
  if (queue_.isEmpty()) emit allRunsFinished();
}

void MainWindow::pauseRun() { session_->pause(); }

void MainWindow::resumeRun() { session_->resume(); }

void MainWindow::stopRun() {
  if (!session_->isRunning()) return;
  queue_.clear();
  run_panel_->setRunState(RunState::Stopping);
  statusBar()->showMessage("Stopping " + run_label_ + " at the next step (a checkpoint is written)…");
  session_->stop();
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

void MainWindow::closeEvent(QCloseEvent* event) {
  if (session_->isRunning()) statusBar()->showMessage("Stopping the run and writing a checkpoint…");
  queue_.clear();
  session_->shutdown();  // stop at a step boundary, checkpoint, join
  QSettings settings;
  run_panel_->saveSettings(settings);
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/tab", tabs_->currentIndex());
  event->accept();
}

}  // namespace vaco::ui
