#include "ui/session/run_launcher.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "core/train/algorithms.h"
#include "core/train/presets.h"
#include "ui/session/thread_handoff.h"
#include "ui/session/training_session.h"
#include "ui/session/training_worker.h"

namespace vaco::ui {
namespace {

// The "seed" of a started run's identity (its resolved config as JSON), as the Seed column shows
// it for run directories; "" when absent.
QString seedOf(const QString& identity) {
  const nlohmann::json j = nlohmann::json::parse(identity.toStdString(), nullptr, /*allow_exceptions=*/false);
  const auto it = j.is_object() ? j.find("seed") : j.end();
  return j.is_object() && it != j.end() && it->is_number_unsigned() ? QString::number(it->get<quint64>()) : QString();
}

// The demo preset's request for one algorithm.
RunRequest demoRequest(const QString& algo) {
  RunRequest r;
  r.algo = algo;
  r.steps = train::DemoPreset::steps;
  r.value_steps = train::DemoPreset::value_steps;
  r.settings = {{"hidden", QString::number(train::DemoPreset::hidden)},
                {"depth", QString::number(train::DemoPreset::depth)}};
  for (const auto& [key, value] : train::DemoPreset::settings)
    if (train::setting_applies(key, algo.toStdString()))
      r.settings.insert(QString::fromLatin1(key), QString::fromLatin1(value));
  return r;
}

}  // namespace

RunLauncher::RunLauncher(QObject* parent)
    : QObject(parent), session_(new TrainingSession(this)), store_(new MetricStore(this)) {
  connect(session_, &TrainingSession::aboutToStart, this, &RunLauncher::connectWorker);
  connect(session_, &TrainingSession::ended, this, [this] {
    emit idle();
    launchNextQueued();
  });
}

RunLauncher::~RunLauncher() { shutdown(); }

bool RunLauncher::isRunning() const { return session_->isRunning(); }

QString RunLauncher::newRunDirectory(const QString& algo, quint64 seed) const {
  const QString stem = QString("%1-%2-s%3-%4")
                           .arg(dataset_.name.isEmpty() ? QString("run") : dataset_.name.section(' ', 0, 0), algo)
                           .arg(seed)
                           .arg(QDateTime::currentDateTime().toString("yyyyMMdd-hhmmss-zzz"));
  return QDir(runs_root_).filePath(stem);
}

RunLauncher::Queued RunLauncher::jobFor(const RunRequest& request) const {
  Queued q;
  q.job.datasetPath = dataset_.path;
  q.job.projectile = dataset_.path.isEmpty() && dataset_.projectile;
  q.job.overrides = runOverrides(request);
  q.job.runDir = newRunDirectory(request.algo, request.seed);
  q.label = QString("%1 s%2").arg(request.algo).arg(request.seed);
  q.groupKey = runGroupKey(request);
  return q;
}

bool RunLauncher::start(const RunRequest& request) {
  if (!dataset_.ready()) {
    emit failed("No dataset", "open a D4RL file or use the projectile toy first (File menu)");
    return false;
  }
  return launch(jobFor(request));
}

bool RunLauncher::startDemo() {
  if (session_->isRunning()) {
    emit failed("A run is going", "stop it before starting the demo");
    return false;
  }
  queue_.clear();
  for (const char* name : train::DemoPreset::algorithms) {
    Queued q = jobFor(demoRequest(QString::fromLatin1(name)));
    q.label = QString::fromLatin1(name);
    queue_.push_back(q);
  }
  launchNextQueued();
  return true;
}

bool RunLauncher::queueDemoRun(const QString& algo, qint64 steps, qint64 valueSteps) {
  if (!dataset_.ready()) {
    emit failed("No dataset", "open or generate a dataset first");
    return false;
  }
  RunRequest request = demoRequest(algo);
  if (steps > 0) request.steps = steps;
  if (valueSteps > 0) request.value_steps = valueSteps;
  Queued q = jobFor(request);
  q.label = algo;
  queue_.push_back(q);
  if (!session_->isRunning()) launchNextQueued();
  return true;
}

bool RunLauncher::resumeDirectory(const QString& dir) {
  const QString name = QFileInfo(dir).fileName();
  Queued q;
  q.job.runDir = QFileInfo(dir).absoluteFilePath();
  q.job.resume = true;
  q.label = name + " (resumed)";
  q.groupKey = name;
  return launch(q);
}

void RunLauncher::launchNextQueued() {
  if (queue_.isEmpty() || session_->isRunning()) return;
  if (!launch(queue_.takeFirst())) queue_.clear();
}

bool RunLauncher::launch(const Queued& q) {
  if (session_->isRunning()) {
    emit failed("A run is going", "stop it before starting another");
    return false;
  }
  run_dir_ = q.job.runDir;
  run_label_ = q.label;
  last_step_ = 0;
  last_eval_ = StreamEval();
  stopping_ = false;
  live_run_ = store_->addLiveRun(q.label, q.groupKey);
  store_->setStatus(live_run_, "starting");
  emit launching(q.label, q.job.runDir);
  return session_->start(q.job);
}

void RunLauncher::pause() { session_->pause(); }

void RunLauncher::resume() { session_->resume(); }

void RunLauncher::stop() {
  queue_.clear();
  if (session_->isRunning()) stopping_ = true;
  session_->stop();
}

void RunLauncher::requestSnapshot() { session_->requestSnapshot(); }

void RunLauncher::requestEpisodeProbe(int episode, qint64 start, qint64 length) {
  session_->requestEpisodeProbe(episode, start, length);
}

void RunLauncher::onEpisodeProbe(const EpisodeProbe& probe) {
  trainingHandoff().receive();
  emit episodeProbe(probe);
}

void RunLauncher::shutdown() {
  queue_.clear();
  session_->shutdown();
}

void RunLauncher::connectWorker(TrainingWorker* w) {
  connect(w, &TrainingWorker::started, this, &RunLauncher::onStarted);
  connect(w, &TrainingWorker::metrics, this, &RunLauncher::onMetrics);
  connect(w, &TrainingWorker::progress, this, &RunLauncher::onProgress);
  connect(w, &TrainingWorker::snapshot, this, &RunLauncher::onSnapshot);
  connect(w, &TrainingWorker::pausedChanged, this, &RunLauncher::onPausedChanged);
  connect(w, &TrainingWorker::episodeProbe, this, &RunLauncher::onEpisodeProbe);
  connect(w, &TrainingWorker::finished, this, &RunLauncher::onFinished);
}

// Every slot below first acquires what the worker released before emitting (thread_handoff.h).

void RunLauncher::onStarted(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps,
                            qint64 total, const QString& identity) {
  trainingHandoff().receive();
  const QString seed = seedOf(identity);
  store_->setGroupKey(live_run_, identity);
  store_->setInfo(live_run_, algo, seed);
  store_->setPolicyStart(live_run_, double(valueSteps));
  store_->setStatus(live_run_, "running");
  emit started(runDir, algo, envId, valueSteps, total, seed, identity);
}

void RunLauncher::onMetrics(const StreamBatch& batch) {
  trainingHandoff().receive();
  if (!batch.evals.isEmpty()) last_eval_ = batch.evals.back();
  store_->appendRecords(live_run_, batch.records, batch.evals);
  emit metrics(batch);
}

void RunLauncher::onProgress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond) {
  trainingHandoff().receive();
  last_step_ = step;
  emit progress(phase, step, total, stepsPerSecond);
}

void RunLauncher::onSnapshot(const SnapshotPayload& payload) {
  trainingHandoff().receive();
  emit snapshot(payload);
}

void RunLauncher::onPausedChanged(bool paused) {
  trainingHandoff().receive();
  if (!stopping_) store_->setStatus(live_run_, paused ? "paused" : "running");
  emit pausedChanged(paused);
}

void RunLauncher::onFinished(const QString& status, const QString& message) {
  trainingHandoff().receive();
  if (status != "completed") queue_.clear();
  store_->setStatus(live_run_, status);
  store_->flush();  // the run's last points are drawn before anyone reads its end
  emit finished(status, message);
  if (queue_.isEmpty()) emit allFinished();
}

}  // namespace vaco::ui
