// The Training tab: live plots of one run's losses, sigma_t, weight statistics, gradient
// norms and evaluation score, fed from the worker's metric batches.
#pragma once
#include <QMap>
#include <QSet>
#include <QString>
#include <QScrollArea>

#include <limits>

#include "ui/run_stream.h"

namespace vaco::ui {

class MetricPlot;

/// A grid of MetricPlots; each metric name goes to the plot that holds its kind. The grid has
/// as many columns (1-3) as fit the width, and scrolls vertically when the rows do not fit.
class TrainingView : public QScrollArea {
  Q_OBJECT
 public:
  /// Narrowest a plot column gets before the grid drops a column.
  static constexpr int kMinColumnWidth = 440;

  explicit TrainingView(QWidget* parent = nullptr);

  /// Appends a batch: each record's values to their plots, evaluations to the score plot.
  void append(const StreamBatch& batch);
  /// Empties every plot (a new run starts).
  void clear();
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
  void fill(const QString& id, const QString& series, const QVector<double>& steps, const QVector<double>& walls,
            const QVector<double>& values);

  QWidget* host_ = nullptr;
  int columns_ = 0;
  QMap<QString, MetricPlot*> plots_;
  QVector<MetricPlot*> order_;  ///< plots in grid order
  QVector<MetricPlot*> shown_;  ///< the filled ones, as laid out now
  QSet<MetricPlot*> filled_;    ///< plots the run has sent data to
  double last_value_step_ = std::numeric_limits<double>::quiet_NaN();  ///< last value-phase step seen
  bool policy_started_ = false;  ///< policy-phase records followed value-phase ones (the boundary is set)
  QVector<double> eval_steps_, eval_mean_, eval_std_;  ///< for the score plot's band
};

}  // namespace vaco::ui
