// The Training tab: live plots of one run's losses, sigma_t, weight statistics, gradient
// norms and evaluation score, read from the MetricStore as it announces appends.
#pragma once
#include <QMap>
#include <QSet>
#include <QString>
#include <QScrollArea>

#include <limits>

#include "ui/model/metric_store.h"

namespace vaco::ui {

class MetricPlot;

/// A grid of MetricPlots; each metric name goes to the plot that holds its kind. The grid has
/// as many columns (1-3) as fit the width, and scrolls vertically when the rows do not fit.
class TrainingView : public QScrollArea {
  Q_OBJECT
 public:
  /// Narrowest a plot column gets before the grid drops a column.
  static constexpr int kMinColumnWidth = 440;

  /// A view of `store`'s runs (the store must outlive the view).
  explicit TrainingView(const MetricStore& store, QWidget* parent = nullptr);

  /// Shows the store's run `run` (empties every plot first; -1 shows none).
  void showRun(int run);
  /// The run shown (-1 when none).
  int run() const { return run_; }
  /// Draws what the store holds of the run and the plots do not yet, now.
  void update();
  /// Streaming mode (no antialiasing) on every plot while a run goes.
  void setStreaming(bool on);
  /// Titles the policy-loss plot with the run's algorithm's loss (the algorithm table's text;
  /// empty: "Policy loss").
  void setPolicyLoss(const QString& policyLoss);
  /// The ids of the plots on screen, in grid order: only those the run has filled.
  QStringList shownPlotIds() const;
  /// The plot with id "inner", "outer", "critic", "q", "sigma", "ess", "weights", "grad", "score"
  /// or "other".
  MetricPlot* plot(const QString& id) const { return plots_.value(id); }
  /// The id of the plot that shows metric `name` (e.g. "outer_loss" -> "outer").
  static QString plotIdFor(const QString& name);
  /// Columns of the grid now.
  int columns() const { return columns_; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void layOut(int columns);
  void clear();
  /// Shows the run's `metric` as `series` of plot `id` (first call), or redraws it (later calls).
  void drawMetric(const QString& id, const QString& series, const QString& metric);

  const MetricStore& store_;
  int run_ = -1;
  QMap<QString, qsizetype> drawn_;  ///< points of each metric the plots have drawn
  qsizetype evals_drawn_ = 0;
  QWidget* host_ = nullptr;
  int columns_ = 0;
  QMap<QString, MetricPlot*> plots_;
  QVector<MetricPlot*> order_;  ///< plots in grid order
  QVector<MetricPlot*> shown_;  ///< the filled ones, as laid out now
  QSet<MetricPlot*> filled_;    ///< plots the run has sent data to
  double boundary_ = std::numeric_limits<double>::quiet_NaN();  ///< the phase boundary drawn
};

}  // namespace vaco::ui
