// The Compare view: several runs (live, or read from run directories) overlaid on one metric
// plot, per run or as mean +- std bands over the seeds of each setting.
#pragma once
#include <QColor>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include "ui/model/metric_store.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTreeView;

namespace vaco::ui {

class MetricPlot;
class RunListModel;

/// A run list (checkable rows: colour, label, algo, seed, status), a metric chooser, a "group
/// seeds" switch and a MetricPlot, all over the MetricStore's runs. Grouped, each group of
/// checked runs draws its mean line and a +- std band at the steps all its runs share (see
/// meanStdAtSharedSteps); a group of one run draws its line. The store's announced appends reach
/// the plot through its coalescing timer; bands are recomputed on this view's own timer.
class CompareView : public QWidget {
  Q_OBJECT
 public:
  /// Delay of the coalescing band / rebuild timer.
  static constexpr int kRebuildIntervalMs = 150;
  /// Chooser entry of the evaluations' mean normalized score.
  static inline const QString kEvalScore = MetricStore::kEvalScore;
  /// Chooser entry of the evaluations' mean return.
  static inline const QString kEvalReturn = MetricStore::kEvalReturn;

  /// A comparison of `store`'s runs (the store must outlive the view).
  explicit CompareView(const MetricStore& store, QWidget* parent = nullptr);

  /// Shows errors (one per line) under the run list; an empty list hides them.
  void showErrors(const QStringList& errors);

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
  QList<int> runIds() const { return store_.runIds(); }
  /// Label of a run ("" for an unknown id); unique within the store.
  QString runLabel(int run) const;
  /// Status of a run ("" for an unknown id).
  QString runStatus(int run) const;
  /// Stored points of one metric of a run, or nullptr.
  const MetricSeriesData* runSeries(int run, const QString& metric) const { return store_.series(run, metric); }
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
  /// Applies pending rebuilds and replots now instead of waiting for the timers (the store's
  /// own announcements come first: MetricStore::flush).
  void flush();
  /// The plot (its smoothing, log, x-axis and export controls stay available).
  MetricPlot* plot() const { return plot_; }
  /// The run list.
  QTreeView* runList() const { return list_; }
  /// The run list's model (rows, check states, swatches).
  RunListModel* runModel() const { return model_; }

 signals:
  /// A run was added or removed.
  void runsChanged();
  /// "Add run directory…" chose `dir` (a run directory or a folder of them).
  void addFolderRequested(const QString& dir);
  /// "Remove" asked to drop these runs.
  void removeRequested(const QList<int>& runs);

 private:
  struct Drawn {
    QString identity;         // what the last full rebuild grouped it by
    double policyStart = 0;   // and where its x axis was aligned
    qsizetype points = 0;     // how many points of the shown metric its line holds
  };
  struct Group {
    QString label;
    QList<int> runs;
    QColor color;
  };

  QWidget* buildRunPanel();
  void onRunAdded(int run);
  void onRunChanged(int run);
  void onAppended(const QList<int>& runs);
  void noteMetric(const QString& metric);
  QColor colorOf(int run) const { return colors_.value(run); }
  double stepShift(const StoredRun& run) const;  // subtracted from its steps as plotted (aligned or not)
  MetricSeriesData shownSeries(int run, const QString& metric) const;  // a copy with the steps as plotted
  MetricSource sourceOf(int run, const QString& metric) const;
  bool drawRun(int run, const QString& metric);  // draws or redraws its line; false when it has no new points
  void pickMetricWithData();
  void onAddDirectoryClicked();
  void onRemoveClicked();
  void scheduleRebuild(bool full);
  void rebuild();
  void drawRuns();
  void drawGroups();
  QVector<Group> currentGroups() const;
  void updateTitle();
  void updateAxisWarning();

  const MetricStore& store_;
  RunListModel* model_ = nullptr;
  MetricPlot* plot_ = nullptr;
  QTreeView* list_ = nullptr;
  QComboBox* metric_combo_ = nullptr;
  QCheckBox* group_check_ = nullptr;
  QCheckBox* align_check_ = nullptr;
  QLabel* error_label_ = nullptr;
  QLabel* warning_label_ = nullptr;  // runs of several environments on one axis
  QTimer rebuild_timer_;
  QMap<int, QColor> colors_;  // each run's own colour
  QMap<int, Drawn> drawn_runs_;
  QMap<QString, MetricBandData> bands_;
  QStringList drawn_;  // plot series / bands drawn by the last rebuild
  int next_color_ = 0;
  bool full_rebuild_ = true;
};

}  // namespace vaco::ui
