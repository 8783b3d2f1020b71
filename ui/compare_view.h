// The Compare view: several runs (live, or read from run directories) overlaid on one metric
// plot, per run or as mean +- std bands over the seeds of each setting.
#pragma once
#include <nlohmann/json.hpp>

#include <QColor>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include "ui/metric_series.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace vaco::ui {

class MetricPlot;

/// A run list (checkable rows: colour, label, algo, seed, status), a metric chooser, a "group
/// seeds" switch and a MetricPlot. Grouped, each group of checked runs draws its mean line and a
/// +- std band at the steps all its runs share (see meanStdAtSharedSteps); a group of one run
/// draws its line. Live appends reach the plot through its coalescing timer; bands are
/// recomputed on this view's own timer, never per append.
class CompareView : public QWidget {
  Q_OBJECT
 public:
  /// Delay of the coalescing band / rebuild timer.
  static constexpr int kRebuildIntervalMs = 150;
  /// Chooser entry of the evaluations' mean normalized score.
  static inline const QString kEvalScore = QStringLiteral("eval score");
  /// Chooser entry of the evaluations' mean return.
  static inline const QString kEvalReturn = QStringLiteral("eval return");

  /// An empty comparison.
  explicit CompareView(QWidget* parent = nullptr);

  /// Adds a run fed live; runs with equal `groupKey` are seeds of one setting. A key that is a
  /// JSON config object (config_to_json's dump; add "dataset" and "env_id" to group with runs
  /// loaded from directories) groups like config.json, ignoring seed, device and cadence; any
  /// other key is also the group's label. Returns the run's id.
  int addLiveRun(const QString& label, const QString& groupKey);
  /// Replaces a run's group key (as addLiveRun takes it), e.g. once a live run's full config is
  /// known, so that it groups with run directories of the same setting.
  void setRunGroupKey(int run, const QString& groupKey);
  /// Sets the global step where a run's policy phase begins (its value-pretraining steps; 0
  /// without a value phase); run directories get it from their records.
  void setRunPolicyStart(int run, double step);
  /// Sets the algo and seed columns of a run.
  void setRunInfo(int run, const QString& algo, const QString& seed);
  /// Appends a batch of one metric of a run (equal sizes, or empty wallTimes); unknown ids are ignored.
  void appendMetrics(int run, const QString& metric, const QVector<double>& steps,
                     const QVector<double>& wallTimes, const QVector<double>& values);
  /// Appends one evaluation of a run (the "eval score" and "eval return" series).
  void appendEval(int run, double step, double wallTime, double scoreMean, double returnMean);
  /// Sets the status column of a run (e.g. "running", "completed").
  void setRunStatus(int run, const QString& status);
  /// Reads a run directory and adds it under `label` (default: the directory's name); returns a
  /// one-line error, empty on success. No dialog.
  QString addRunDirectory(const QString& dir, const QString& label = {});
  /// Adds `dir` when it is a run directory, else every run directory below it (one per seed, or
  /// a `vaco grid` folder's <dataset>/<algorithm>/seed-N, up to 4 levels; a grid's shared
  /// `value` runs are left out) in path order, labelled by their path inside `dir`; returns the
  /// errors, one line each. No dialog.
  QStringList addRunFolder(const QString& dir);
  /// Removes a run (later appends to its id are ignored).
  void removeRun(int run);

  /// Every metric the chooser offers: "eval score", "eval return", then the runs' metrics sorted.
  QStringList metricNames() const;
  /// Shows `metric` (added to the chooser when new).
  void setMetric(const QString& metric);
  /// The metric shown.
  QString metric() const;
  /// Groups seeds into bands (on) or draws one line per run (off).
  void setGroupSeeds(bool on);
  /// Whether seeds are grouped.
  bool groupSeeds() const;
  /// Plots against policy steps (each run's step minus its policy start, so that every policy
  /// phase begins at 0 and value pretraining is at negative steps) instead of global steps.
  void setAlignPolicyPhase(bool on);
  /// Whether runs are aligned at their policy phase.
  bool alignPolicyPhase() const;
  /// Shows or hides a run (its row's check box).
  void setRunChecked(int run, bool on);

  /// Ids of the runs, in the order they were added.
  QList<int> runIds() const { return runs_.keys(); }
  /// Label of a run ("" for an unknown id); unique within the view.
  QString runLabel(int run) const;
  /// Status of a run ("" for an unknown id).
  QString runStatus(int run) const;
  /// Stored points of one metric of a run, or nullptr.
  const MetricSeriesData* runSeries(int run, const QString& metric) const;
  /// Labels of the groups of the checked runs (e.g. "vaco (3 seeds)"), in first-seen order.
  QStringList groupLabels() const;
  /// The colour of a run's swatch in the list: its own, or its group's while seeds are grouped
  /// (the colour of the line it is drawn in); invalid for an unknown id.
  QColor runSwatchColor(int run) const;
  /// The warning shown when the checked runs come from more than one environment (their values
  /// share one axis but not one scale); "" when they do not.
  QString axisWarning() const;
  /// The band last drawn for a group label (empty when none).
  MetricBandData band(const QString& groupLabel) const { return bands_.value(groupLabel); }
  /// Applies pending rebuilds and replots now instead of waiting for the timers.
  void flush();
  /// The plot (its smoothing, log, x-axis and export controls stay available).
  MetricPlot* plot() const { return plot_; }
  /// The run list.
  QTreeWidget* runList() const { return list_; }

 signals:
  /// A run was added or removed.
  void runsChanged();

 private:
  struct Run {
    QString label, algo, seed, status, dir;
    nlohmann::json identity;
    QColor color;
    QColor swatch;  // the colour its list icon shows
    bool checked = true;
    double policyStart = 0;  // global step where the policy phase begins
    QMap<QString, MetricSeriesData> series;  // metric -> points, incl. eval score / eval return
    QTreeWidgetItem* item = nullptr;
  };
  struct Group {
    QString label;
    QList<int> runs;
    QColor color;
  };

  QWidget* buildRunPanel();
  int addRun(Run run);
  QString uniqueLabel(const QString& wanted) const;
  void noteMetric(const QString& metric);
  QVector<double> shownSteps(const Run& run, QVector<double> steps) const;  // x as plotted (aligned or not)
  MetricSeriesData shownSeries(const Run& run, const QString& metric) const;
  void pickMetricWithData();
  bool anyRunHas(const QString& metric) const;
  void onAddDirectoryClicked();
  void onRemoveClicked();
  void scheduleRebuild(bool full);
  void rebuild();
  void drawRuns();
  void drawGroups();
  QVector<Group> currentGroups() const;
  void updateTitle();
  void setSwatch(Run& run, const QColor& color);
  void updateAxisWarning();

  MetricPlot* plot_ = nullptr;
  QTreeWidget* list_ = nullptr;
  QComboBox* metric_combo_ = nullptr;
  QCheckBox* group_check_ = nullptr;
  QCheckBox* align_check_ = nullptr;
  QLabel* error_label_ = nullptr;
  QLabel* warning_label_ = nullptr;  // runs of several environments on one axis
  QTimer rebuild_timer_;
  QMap<int, Run> runs_;
  QMap<QString, MetricBandData> bands_;
  QStringList drawn_;  // plot series / bands drawn by the last rebuild
  int next_id_ = 0;
  int next_color_ = 0;
  bool full_rebuild_ = true;
};

}  // namespace vaco::ui
