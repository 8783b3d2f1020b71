// The Training tab: live plots of one run's losses, sigma_t, weight statistics, gradient
// norms and evaluation score, fed from the worker's metric batches.
#pragma once
#include <QMap>
#include <QString>
#include <QWidget>

#include "ui/run_stream.h"

namespace vaco::ui {

class MetricPlot;

/// A grid of MetricPlots; each metric name goes to the plot that holds its kind.
class TrainingView : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingView(QWidget* parent = nullptr);

  /// Appends a batch: each record's values to their plots, evaluations to the score plot.
  void append(const StreamBatch& batch);
  /// Empties every plot (a new run starts).
  void clear();
  /// Streaming mode (no antialiasing) on every plot while a run goes.
  void setStreaming(bool on);
  /// The plot with id "inner", "outer", "critic", "sigma", "ess", "weights", "grad", "score" or
  /// "other".
  MetricPlot* plot(const QString& id) const { return plots_.value(id); }
  /// The id of the plot that shows metric `name` (e.g. "outer_loss" -> "outer").
  static QString plotIdFor(const QString& name);

 private:
  QMap<QString, MetricPlot*> plots_;
  QVector<double> eval_steps_, eval_mean_, eval_std_;  ///< for the score plot's band
};

}  // namespace vaco::ui
