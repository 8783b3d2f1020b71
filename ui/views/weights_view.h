// The Weights tab: meta-weight against Q on the probe set, each trajectory's mean weight
// against its return (coloured by behaviour or source-policy label), a histogram of the
// weights beside a check of the critic (Q against the data's return-to-go), and the weight at
// each step of a picked trajectory, all refreshed from each analysis snapshot.
#pragma once
#include <QStringList>
#include <QWidget>

#include <memory>

#include "ui/session/run_stream.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace vaco::ui {

/// How the trajectories of a snapshot were chosen, e.g. "299 of 461 episodes (drawn at random,
/// whole, up to 65,536 transitions)", or "all 40 episodes".
QString trajectorySampleText(const analysis::AnalysisSnapshot& s);

class HistogramPlot;
class WeightScatterPlot;
class WeightStripPlot;

/// Shows the newest snapshot; "Refresh now" asks the run for a new one.
class WeightsView : public QWidget {
  Q_OBJECT
 public:
  explicit WeightsView(QWidget* parent = nullptr);

  /// Replaces the views with `payload`'s snapshot. `labelNames` name the behaviour labels
  /// (index = label) when the dataset has them. The picked trajectory stays picked.
  void setSnapshot(const SnapshotPayload& payload, const QStringList& labelNames = {});
  /// Empties the views (a new run starts).
  void clear();
  /// Whether "Refresh now" can be pressed (a run is going).
  void setRefreshEnabled(bool on);
  /// Picks trajectory `index` (as in the snapshot's trajectory arrays): rings it in the
  /// per-trajectory scatter and shows its weight per step in the strip, or a hint when the
  /// snapshot kept no steps for it.
  void selectTrajectory(int index);
  /// The picked trajectory, or -1.
  int selectedTrajectory() const { return selected_; }
  /// The per-sample scatter (weight vs Q).
  WeightScatterPlot* sampleScatter() const { return sample_; }
  /// The per-trajectory scatter (mean weight vs return).
  WeightScatterPlot* trajectoryScatter() const { return trajectory_; }
  /// The critic check: Q against the data's discounted return-to-go, per probe sample.
  WeightScatterPlot* criticScatter() const { return critic_; }
  /// The weight histogram.
  HistogramPlot* histogram() const { return histogram_; }
  /// The weight-per-step strip of the picked trajectory.
  WeightStripPlot* strip() const { return strip_; }
  /// The list of trajectories whose steps the snapshot kept (item data: the trajectory index).
  QComboBox* trajectoryPicker() const { return picker_; }
  /// The caption above the plots (step, sizes, time).
  QString caption() const;
  /// The "Colour by" chooser: the snapshot's source labels, then its other integer infos/*
  /// fields (hidden when there is at most one).
  QComboBox* colourChooser() const { return colour_by_; }
  /// Colours the points by the infos/* field `key` (one of the chooser's); the choice stays for
  /// later snapshots that have the field.
  void setColourField(const QString& key);

 signals:
  /// The user wants a fresh snapshot.
  void refreshRequested();

 private:
  /// Lists the trajectories whose steps the snapshot kept.
  void fillPicker();
  /// Shows the picked trajectory's steps in the strip, or a hint saying why there are none.
  void showSelected();
  /// The name of a trajectory's label in the chosen field, or empty.
  QString labelOf(size_t trajectory) const;
  /// Lists the snapshot's label fields in the chooser, keeping the chosen one where it is offered.
  void fillColourChooser();
  /// Draws the scatters and the histogram with the chosen field's colours.
  void drawPoints();
  /// The chosen field's probe and trajectory labels (empty when unusable) and names.
  QVector<int> probeLabels() const;
  QVector<int> trajectoryLabels() const;
  QStringList labelNames() const;
  /// The chosen other field, or nullptr for the snapshot's own labels.
  const analysis::LabelField* chosenField() const;

  WeightScatterPlot* sample_ = nullptr;
  WeightScatterPlot* trajectory_ = nullptr;
  WeightScatterPlot* critic_ = nullptr;
  HistogramPlot* histogram_ = nullptr;
  WeightStripPlot* strip_ = nullptr;
  QComboBox* picker_ = nullptr;
  QComboBox* colour_by_ = nullptr;
  QLabel* colour_label_ = nullptr;
  QString colour_key_;  ///< the field the user chose ("" = the snapshot's own labels)
  QLabel* caption_ = nullptr;
  QPushButton* refresh_ = nullptr;
  std::shared_ptr<const analysis::AnalysisSnapshot> snapshot_;  ///< the one shown
  QStringList label_names_;
  int selected_ = -1;
};

}  // namespace vaco::ui
