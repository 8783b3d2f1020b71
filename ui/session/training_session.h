// Owns one training run's thread and worker on the GUI side: start, pause, resume, stop, and
// a clean shutdown (stop at a step boundary, checkpoint, join) when the window closes.
#pragma once
#include <QObject>

#include "ui/session/run_stream.h"

class QThread;

namespace vaco::ui {

class TrainingWorker;

/// At most one run at a time. The worker's signals reach GUI objects as queued calls.
class TrainingSession : public QObject {
  Q_OBJECT
 public:
  explicit TrainingSession(QObject* parent = nullptr);
  /// Calls shutdown().
  ~TrainingSession() override;

  /// Starts `job` on a new thread; false when a run is already going. Connect to worker()'s
  /// signals in a slot of aboutToStart, which fires after the worker exists and before it runs.
  bool start(const TrainingJob& job);
  /// Holds the run at the next step boundary.
  void pause();
  /// Lets a held run go on.
  void resume();
  /// Ends the run at the next step boundary (it checkpoints); returns at once.
  void stop();
  /// Asks the run for an analysis snapshot.
  void requestSnapshot();
  /// Asks the running worker for an episode probe (see TrainingWorker::requestEpisodeProbe); no-op when idle.
  void requestEpisodeProbe(int episode, qint64 start, qint64 length);
  /// Stops the run at a step boundary and waits for its thread (the checkpoint is written).
  void shutdown();
  /// Whether a run's thread is alive.
  bool isRunning() const { return thread_ != nullptr; }
  /// Whether the run is held.
  bool isPaused() const;
  /// The current run's worker, or null between runs.
  TrainingWorker* worker() const { return worker_; }

 signals:
  /// The worker exists; connect to its signals now.
  void aboutToStart(vaco::ui::TrainingWorker* worker);
  /// The run's thread ended and the worker is gone.
  void ended();

 private:
  void cleanUp();

  QThread* thread_ = nullptr;
  TrainingWorker* worker_ = nullptr;
};

}  // namespace vaco::ui
