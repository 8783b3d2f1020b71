// One trajectory's weight at each time step (a strip under the per-trajectory scatter), with
// its return and source label in the title, or a one-line hint when there is nothing to show.
#pragma once
#include <QColor>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPTextElement;
class QLabel;
class QStackedLayout;

namespace vaco::ui {

/// Weight against time step of one trajectory; a hint takes the plot's place when none is shown.
class WeightStripPlot : public QWidget {
  Q_OBJECT
 public:
  /// Starts with a hint that no snapshot has arrived.
  explicit WeightStripPlot(QWidget* parent = nullptr);

  /// Shows `weights` (one per step, in time order) of trajectory `index`; `label` (may be empty)
  /// names the policy that made it and `color` is its colour in the scatter.
  void setTrajectory(int index, const QVector<double>& weights, double ret, const QString& label = {},
                     const QColor& color = QColor(31, 119, 180));
  /// Empties the plot and shows `text` (one line) in its place.
  void showHint(const QString& text);

  /// The trajectory shown, or -1 while a hint shows.
  int trajectory() const { return index_; }
  /// Number of steps plotted.
  int pointCount() const { return int(weights_.size()); }
  /// The plotted weights, in time order.
  QVector<double> weights() const { return weights_; }
  /// The title as shown, e.g. "Weight per step — trajectory #3: return 1234.5, policy @ 110k steps, mean 1.08".
  QString titleText() const;
  /// The hint as shown (empty while a trajectory is plotted).
  QString hintText() const;
  /// The QCustomPlot inside.
  QCustomPlot* plot() const { return plot_; }
  /// Writes PNG, SVG, PDF or CSV (step,weight) by the suffix of `path`.
  bool exportTo(const QString& path, int width = 0, int height = 0);
  /// Writes the shown steps as CSV: step,weight.
  bool saveCsv(const QString& path) const;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void resetView();
  void fitTitle();

  QStackedLayout* stack_ = nullptr;
  QLabel* hint_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QCPGraph* graph_ = nullptr;
  QVector<double> weights_;
  double return_ = 0.0;
  QString label_;
  int index_ = -1;
};

}  // namespace vaco::ui
