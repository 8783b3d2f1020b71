// The small value types a training run streams to the GUI thread through queued signals.
// Torch-free: widgets include this.
#pragma once
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

#include "core/analysis/snapshot.h"
#include "core/train/metric_record.h"

namespace vaco::ui {

/// One evaluation of the policy (the summary metrics.jsonl stores).
using StreamEval = train::EvalLine;

/// Everything that arrived since the previous batch (sent at most ~30 times a second).
struct StreamBatch {
  QVector<train::MetricRecord> records;  ///< drained metric records, as metrics.jsonl holds them
  QVector<StreamEval> evals;
  QStringList notes;
  /// True when nothing is in the batch.
  bool empty() const { return records.isEmpty() && evals.isEmpty() && notes.isEmpty(); }
};

/// An analysis snapshot plus, on the projectile toy, the angle the policy picks per height and
/// the critic's Q over heights x angles.
struct SnapshotPayload {
  /// Heights in the projectile's Q grid, evenly over [0, 10] m.
  static constexpr int kQHeights = 41;
  /// Angles in the projectile's Q grid, evenly over [-90, 90] degrees.
  static constexpr int kQAngles = 181;
  std::shared_ptr<const analysis::AnalysisSnapshot> snapshot;
  QVector<double> heights, anglesDeg;  ///< empty unless the run's env is the projectile
  /// [kQHeights * kQAngles] Q(h, theta), height-major; empty unless the run is on the projectile
  /// and has a critic.
  QVector<double> qGrid;
  double seconds = -1;                 ///< how long the snapshot took (-1: taken on the trainer's schedule)
};

/// A live run's view of one dataset episode's rows: the critic's Q of each recorded action and
/// how far the action lies from the policy's own, |a - pi(s)|.
struct EpisodeProbe {
  int episode = -1;        ///< the episode (file order) the rows are
  qint64 start = 0;        ///< its first row
  qint64 step = 0;         ///< the run's global step when computed
  QVector<double> q;       ///< [length] Q(s, a); empty when the run has no critic
  QVector<double> actionDistance;  ///< [length] Euclidean |a - pi(s)|
};

/// What a run is asked to do: a dataset, settings, and its run directory.
struct TrainingJob {
  QString datasetPath;     ///< a D4RL .hdf5 file (ignored with `projectile`)
  bool projectile = false; ///< train on the default projectile dataset, generated in memory
  QStringList overrides;   ///< "key=value" applied in order to the default TrainConfig
  QString runDir;          ///< the run directory (created; with `resume`, an existing run)
  bool resume = false;     ///< continue the run in runDir from its newest checkpoint
};

}  // namespace vaco::ui

Q_DECLARE_METATYPE(vaco::ui::StreamBatch)
Q_DECLARE_METATYPE(vaco::ui::SnapshotPayload)
Q_DECLARE_METATYPE(vaco::ui::TrainingJob)
Q_DECLARE_METATYPE(vaco::ui::EpisodeProbe)
