#include "ui/session/training_session.h"

#include <QThread>

#include "ui/session/thread_handoff.h"
#include "ui/session/training_worker.h"

namespace vaco::ui {

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {}

TrainingSession::~TrainingSession() { shutdown(); }

bool TrainingSession::start(const TrainingJob& job) {
  if (thread_) return false;
  thread_ = new QThread();
  thread_->setObjectName("vaco-training");
  worker_ = new TrainingWorker();
  worker_->moveToThread(thread_);
  // The run slot returns when the run ends; then the thread's event loop is told to quit.
  connect(worker_, &TrainingWorker::finished, thread_, &QThread::quit, Qt::DirectConnection);
  connect(thread_, &QThread::finished, this, &TrainingSession::cleanUp, Qt::QueuedConnection);
  worker_->setJob(job);  // before the thread starts, so the thread sees it
  emit aboutToStart(worker_);
  thread_->start();
  QMetaObject::invokeMethod(worker_, &TrainingWorker::run, Qt::QueuedConnection);
  return true;
}

void TrainingSession::pause() {
  if (worker_) worker_->pause();
}

void TrainingSession::resume() {
  if (worker_) worker_->resume();
}

void TrainingSession::stop() {
  if (worker_) worker_->stop();
}

void TrainingSession::requestEpisodeProbe(int episode, qint64 start, qint64 length) {
  if (worker_) worker_->requestEpisodeProbe(episode, start, length);
}

void TrainingSession::requestSnapshot() {
  if (worker_) worker_->requestSnapshot();
}

bool TrainingSession::isPaused() const { return worker_ && worker_->isPaused(); }

void TrainingSession::shutdown() {
  if (!thread_) return;
  worker_->stop();
  thread_->quit();  // in case the run ended already, or never started
  thread_->wait();
  cleanUp();
}

void TrainingSession::cleanUp() {
  if (!thread_) return;
  thread_->wait();  // finished was emitted: this returns at once
  trainingHandoff().receive();  // everything the worker did happened before its last signal
  delete worker_;
  delete thread_;
  worker_ = nullptr;
  thread_ = nullptr;
  emit ended();
}

}  // namespace vaco::ui
