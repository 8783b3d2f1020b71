// The Weights tab: meta-weight against Q on the probe set, each trajectory's mean weight
// against its return (coloured by behaviour label), and a histogram of the weights, all
// refreshed from each analysis snapshot.
#pragma once
#include <QWidget>

#include "ui/run_stream.h"

class QLabel;
class QPushButton;

namespace vaco::ui {

class HistogramPlot;
class WeightScatterPlot;

/// Shows the newest snapshot; "Refresh now" asks the run for a new one.
class WeightsView : public QWidget {
  Q_OBJECT
 public:
  explicit WeightsView(QWidget* parent = nullptr);

  /// Replaces the three views with `payload`'s snapshot. `labelNames` name the behaviour labels
  /// (index = label) when the dataset has them.
  void setSnapshot(const SnapshotPayload& payload, const QStringList& labelNames = {});
  /// Empties the views (a new run starts).
  void clear();
  /// Whether "Refresh now" can be pressed (a run is going).
  void setRefreshEnabled(bool on);
  /// The per-sample scatter (weight vs Q).
  WeightScatterPlot* sampleScatter() const { return sample_; }
  /// The per-trajectory scatter (mean weight vs return).
  WeightScatterPlot* trajectoryScatter() const { return trajectory_; }
  /// The weight histogram.
  HistogramPlot* histogram() const { return histogram_; }
  /// The caption above the plots (step, sizes, time).
  QString caption() const;

 signals:
  /// The user wants a fresh snapshot.
  void refreshRequested();

 private:
  WeightScatterPlot* sample_ = nullptr;
  WeightScatterPlot* trajectory_ = nullptr;
  HistogramPlot* histogram_ = nullptr;
  QLabel* caption_ = nullptr;
  QPushButton* refresh_ = nullptr;
};

}  // namespace vaco::ui
