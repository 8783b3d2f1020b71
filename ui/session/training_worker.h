// The training worker: runs a core Trainer on its own QThread and streams what it reports to
// the GUI thread as batched queued signals. Controls are atomic flags read between steps.
#pragma once
#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "ui/session/run_stream.h"

namespace vaco::ui {

/// Lives on a worker thread (moveToThread); run() blocks that thread until the run ends.
/// pause(), resume(), stop() and requestSnapshot() may be called from any thread.
class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  /// Batches of metrics are sent at most this often.
  static constexpr int kEmitIntervalMs = 33;
  /// Automatic snapshots: at least this many seconds apart, and at most ~3% of the run's time.
  static constexpr double kMinSnapshotIntervalS = 2.0;

  explicit TrainingWorker(QObject* parent = nullptr);

  /// The run that run() does; set before the worker's thread starts.
  void setJob(const TrainingJob& job) { job_ = job; }
  /// Holds the run at the next step boundary.
  void pause();
  /// Lets a paused run go on.
  void resume();
  /// Ends the run at the next step boundary; it checkpoints and reports "interrupted".
  void stop();
  /// Asks for an analysis snapshot at the next step boundary.
  void requestSnapshot();
  /// Asks for the Q and |a - pi(s)| of `length` dataset rows from `start` (episode `episode`)
  /// at the next step boundary; a newer request replaces a pending one. Rows outside the
  /// dataset are answered with nothing.
  void requestEpisodeProbe(int episode, qint64 start, qint64 length);
  /// Whether the run is held.
  bool isPaused() const { return paused_.load(); }
  /// Steps done so far (global step), readable from any thread.
  qint64 stepsDone() const { return steps_done_.load(); }

 public slots:
  /// Loads the job's dataset, builds the Trainer and runs it to the end (or a stop); in this thread.
  void run();

 signals:
  /// The trainer was built; totals in steps. `identity` is the resolved config as config.json
  /// holds it, plus "dataset" and "env_id" as run.json names them (Compare groups seeds by it).
  void started(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps,
               qint64 totalSteps, const QString& identity);
  /// Metrics, evaluations and notes since the previous batch.
  void metrics(const vaco::ui::StreamBatch& batch);
  /// Where the run is; stepsPerSecond is 0 until it is known.
  void progress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond);
  /// An analysis snapshot was taken.
  void snapshot(const vaco::ui::SnapshotPayload& payload);
  /// The answer to requestEpisodeProbe.
  void episodeProbe(const vaco::ui::EpisodeProbe& probe);
  /// Paused (true) or running again (false), at a step boundary.
  void pausedChanged(bool paused);
  /// The run ended: "completed", "interrupted" or "failed" (with a one-line message).
  void finished(const QString& status, const QString& message);

 private:
  TrainingJob job_;
  std::atomic<bool> paused_{false}, stop_{false}, snapshot_wanted_{false}, probe_wanted_{false};
  int probe_episode_ = -1;                     ///< the probe asked for (under mutex_): episode,
  qint64 probe_start_ = 0, probe_length_ = 0;  ///< first row and rows
  std::atomic<qint64> steps_done_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace vaco::ui
