// The one store of plotted training data: every run's metric series (live runs fed batch by
// batch, run directories read once), its evaluations, identity and status. The Training and
// Compare views read it through a const reference and redraw when it announces changes.
#pragma once
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <limits>

#include "core/train/metric_record.h"
#include "ui/model/metric_series.h"

namespace vaco::ui {

/// One run as the store holds it.
struct StoredRun {
  QString label;     ///< unique within the store
  QString algo, seed, status;
  QString dir;       ///< the run directory it was read from; empty for a live run
  QString note;      ///< a remark on its status (a cut-off metrics.jsonl line, a failure message)
  QString identity;  ///< what groups seeds of one setting: compact JSON (train::group_identity's)
  QString environment;  ///< its env_id, else its dataset, else empty
  double policyStart = 0;  ///< global step where the policy phase begins
  /// The last value-phase step once policy-phase records followed it (NaN before).
  double phaseBoundary = std::numeric_limits<double>::quiet_NaN();
  double lastValueStep = std::numeric_limits<double>::quiet_NaN();  ///< the newest value-phase record's step
  QMap<QString, MetricSeriesData> series;  ///< metric -> points, incl. "eval score" / "eval return"
  QVector<train::EvalLine> evals;          ///< every evaluation, with its spread over episodes
};

/// Runs whose identities differ only in seed, device or cadence: one band in Compare.
struct StoredGroup {
  QString label;    ///< e.g. "vaco (3 seeds)"
  QList<int> runs;  ///< ids, in the order given
};

/// Owns the plotted data. Appends are stored at once and announced on a coalescing timer
/// (`appended`); adding, removing and relabelling a run is announced at once.
class MetricStore : public QObject {
  Q_OBJECT
 public:
  /// The longest an append waits before `appended` announces it.
  static constexpr int kAnnounceIntervalMs = 40;
  /// The series of the evaluations' mean normalized score.
  static inline const QString kEvalScore = QStringLiteral("eval score");
  /// The series of the evaluations' mean return.
  static inline const QString kEvalReturn = QStringLiteral("eval return");

  explicit MetricStore(QObject* parent = nullptr);

  /// Adds a run fed live; runs with equal `groupKey` are seeds of one setting. A key that is a
  /// JSON config object (config_to_json's dump; add "dataset" and "env_id" to group with runs
  /// read from directories) groups like config.json, ignoring seed, device and cadence; any
  /// other key is also the group's label. Returns the run's id.
  int addLiveRun(const QString& label, const QString& groupKey);
  /// Reads a run directory and adds it under `label` (default: the directory's name); returns a
  /// one-line error, empty on success (then `*id` is the new run's id when given).
  QString addRunDirectory(const QString& dir, const QString& label = {}, int* id = nullptr);
  /// Adds `dir` when it is a run directory, else every run directory below it (one per seed, or
  /// a `vaco grid` folder's <dataset>/<algorithm>/seed-N, up to 4 levels; a grid's shared
  /// `value` runs are left out) in path order, labelled by their path inside `dir`; returns the
  /// errors, one line each.
  QStringList addRunFolder(const QString& dir);
  /// Removes a run (later appends to its id are ignored).
  void removeRun(int run);

  /// Replaces a run's group key (as addLiveRun takes it).
  void setGroupKey(int run, const QString& groupKey);
  /// Sets the global step where a run's policy phase begins.
  void setPolicyStart(int run, double step);
  /// Sets a run's algorithm and seed.
  void setInfo(int run, const QString& algo, const QString& seed);
  /// Sets a run's status ("live", "running", "completed", ...).
  void setStatus(int run, const QString& status);

  /// Stores a batch of a live run once: each record's values under their metric names, each
  /// evaluation as "eval score" and "eval return" and in `evals`; unknown ids are ignored.
  void appendRecords(int run, const QVector<train::MetricRecord>& records, const QVector<train::EvalLine>& evals);
  /// Appends points of one metric (equal sizes, or empty wallTimes); unknown ids are ignored.
  void append(int run, const QString& metric, const QVector<double>& steps, const QVector<double>& wallTimes,
              const QVector<double>& values);
  /// Announces pending appends now instead of waiting for the timer.
  void flush();

  /// Ids of the runs, in the order they were added.
  QList<int> runIds() const { return runs_.keys(); }
  /// A run, or nullptr for an unknown id.
  const StoredRun* run(int id) const;
  /// One metric of a run, or nullptr.
  const MetricSeriesData* series(int run, const QString& metric) const;
  /// Every metric some run has: "eval score", "eval return", then the rest sorted.
  QStringList metricNames() const;
  /// Whether some run in `runs` has points of `metric`.
  bool anyHas(const QList<int>& runs, const QString& metric) const;
  /// The runs of `runs` grouped by identity (seed, device and cadence ignored), in first-seen order.
  QVector<StoredGroup> groups(const QList<int>& runs) const;

 signals:
  /// A run was added.
  void runAdded(int run);
  /// A run was removed.
  void runRemoved(int run);
  /// A run's label, algorithm, seed, status, identity or policy start changed.
  void runChanged(int run);
  /// Points were appended to these runs since the last announcement.
  void appended(const QList<int>& runs);

 private:
  int addRun(StoredRun run);
  QString uniqueLabel(const QString& wanted) const;
  void noteAppend(int run);

  QMap<int, StoredRun> runs_;
  QList<int> pending_;  ///< runs appended to since the last announcement
  QTimer announce_timer_;
  int next_id_ = 0;
};

}  // namespace vaco::ui
