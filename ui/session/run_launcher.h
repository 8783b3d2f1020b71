// The run launcher: turns run requests, the projectile demo and resumed run directories into
// training jobs, keeps the queue of jobs waiting for the one training session, stores each run's
// metrics once in its MetricStore, and relays the running worker's signals to whoever shows them.
#pragma once
#include <QList>
#include <QObject>
#include <QString>

#include "ui/model/metric_store.h"
#include "ui/session/run_request.h"
#include "ui/session/run_stream.h"

namespace vaco::ui {

class TrainingSession;
class TrainingWorker;

/// What new runs train on: a D4RL file, or the projectile toy generated in memory.
struct LaunchDataset {
  QString path;             ///< the dataset file; empty with the in-memory projectile toy
  bool projectile = false;  ///< the projectile toy (in memory when `path` is empty)
  QString name;             ///< the dataset's name; its first word starts run folder names
  /// Whether a dataset is set.
  bool ready() const { return projectile || !path.isEmpty(); }
};

/// Owns the TrainingSession and the MetricStore. Runs go one at a time; the demo queues three.
/// Every worker signal is received here (after the thread hand-off), stored when it carries
/// data, and re-emitted on the GUI thread.
class RunLauncher : public QObject {
  Q_OBJECT
 public:
  explicit RunLauncher(QObject* parent = nullptr);
  /// Stops a running run at a step boundary and waits for its checkpoint.
  ~RunLauncher() override;

  /// Sets what new runs train on.
  void setDataset(const LaunchDataset& dataset) { dataset_ = dataset; }
  /// What new runs train on.
  const LaunchDataset& dataset() const { return dataset_; }
  /// Sets the folder new run directories are made in.
  void setRunsRoot(const QString& dir) { runs_root_ = dir; }
  /// The folder new run directories are made in.
  QString runsRoot() const { return runs_root_; }

  /// Starts `request` on the dataset in a new run directory; false (after `failed`) when no
  /// dataset is set or a run is going.
  bool start(const RunRequest& request);
  /// Queues the projectile demo (VACO, BC, IQL at the demo preset) and starts its first run;
  /// false (after `failed`) when a run is going.
  bool startDemo();
  /// Queues one run of `algo` at the demo preset (`steps` / `valueSteps` > 0 override its
  /// lengths) on the current dataset, and starts it when nothing runs; false (after `failed`)
  /// when no dataset is set.
  bool queueDemoRun(const QString& algo, qint64 steps = 0, qint64 valueSteps = 0);
  /// Continues the run in `dir` from its newest checkpoint; false (after `failed`) when a run is going.
  bool resumeDirectory(const QString& dir);
  /// Holds the running training at a step boundary.
  void pause();
  /// Lets a held run go on.
  void resume();
  /// Ends the run at a step boundary (it checkpoints) and drops the queued runs.
  void stop();
  /// Asks the running training for an analysis snapshot.
  void requestSnapshot();
  /// Asks the running training for Q and |a - pi(s)| on an episode's rows (answered by episodeProbe).
  void requestEpisodeProbe(int episode, qint64 start, qint64 length);
  /// Drops the queue, stops the run at a step boundary and waits for its thread.
  void shutdown();

  /// Whether a run's thread is alive.
  bool isRunning() const;
  /// The session that runs the trainings (its worker, for tests).
  TrainingSession* session() const { return session_; }
  /// The store of every run's metrics: the live ones, and run directories added to it.
  MetricStore& store() const { return *store_; }
  /// The store's id of the current (or last) run, -1 before the first.
  int liveRun() const { return live_run_; }
  /// The run directory of the current (or last) run.
  QString runDirectory() const { return run_dir_; }
  /// The label of the current (or last) run, e.g. "vaco s0".
  QString runLabel() const { return run_label_; }
  /// The newest step the current run reported.
  qint64 lastStep() const { return last_step_; }
  /// The newest evaluation of the current (or last) run (episodes 0 before the first).
  StreamEval lastEval() const { return last_eval_; }
  /// How many runs wait behind the current one.
  int queued() const { return int(queue_.size()); }

 signals:
  /// A run is about to start in `runDir`: it is in the store as liveRun(), under `label`.
  void launching(const QString& label, const QString& runDir);
  /// The trainer was built (the worker's `started`, with the seed read off its config).
  void started(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps, qint64 total,
               const QString& seed, const QString& identity);
  /// Metrics, evaluations and notes since the previous batch (already in the store).
  void metrics(const vaco::ui::StreamBatch& batch);
  /// Where the run is; stepsPerSecond is 0 until known.
  void progress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond);
  /// An analysis snapshot of the run.
  void snapshot(const vaco::ui::SnapshotPayload& payload);
  /// The running training's answer to requestEpisodeProbe.
  void episodeProbe(const vaco::ui::EpisodeProbe& probe);
  /// The run was held or let go.
  void pausedChanged(bool paused);
  /// The run ended ("completed", "interrupted", "failed"); a run that did not complete drops the queue.
  void finished(const QString& status, const QString& message);
  /// Every queued run has ended (emitted right after the last `finished`).
  void allFinished();
  /// The run's thread is gone; the next queued run starts right after this.
  void idle();
  /// A run could not be launched: a title and a one-line reason.
  void failed(const QString& title, const QString& message);

 private:
  struct Queued {
    TrainingJob job;
    QString label, groupKey;
  };
  bool launch(const Queued& q);
  void launchNextQueued();
  QString newRunDirectory(const QString& algo, quint64 seed) const;
  Queued jobFor(const RunRequest& request) const;
  void connectWorker(TrainingWorker* worker);
  void onStarted(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps, qint64 total,
                 const QString& identity);
  void onMetrics(const vaco::ui::StreamBatch& batch);
  void onProgress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond);
  void onSnapshot(const vaco::ui::SnapshotPayload& payload);
  void onPausedChanged(bool paused);
  void onEpisodeProbe(const vaco::ui::EpisodeProbe& probe);
  void onFinished(const QString& status, const QString& message);

  TrainingSession* session_ = nullptr;
  MetricStore* store_ = nullptr;
  int live_run_ = -1;
  bool stopping_ = false;  ///< stop() was asked: the run's status waits for its end
  LaunchDataset dataset_;
  QString runs_root_;
  QString run_dir_, run_label_;
  qint64 last_step_ = 0;
  StreamEval last_eval_;
  QList<Queued> queue_;
};

}  // namespace vaco::ui
