// Scatters of the meta-scorer's weights: per sample against Q, or per trajectory (mean weight)
// against return, with the Pearson r in the title, points coloured by behaviour label, and a
// point that can be picked with a click and ringed.
#pragma once
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPTextElement;

namespace vaco::ui {

/// Scatter of weights against Q (per sample), mean weight against return (per trajectory), or
/// the critic's Q against the data's return-to-go (per sample), with Pearson r in the title.
class WeightScatterPlot : public QWidget {
  Q_OBJECT
 public:
  /// What the points are.
  enum class Mode { PerSample, PerTrajectory, Critic };

  /// An empty scatter; the mode picks the axis labels and the title.
  explicit WeightScatterPlot(Mode mode, QWidget* parent = nullptr);

  /// Replaces the points: x is Q (per sample), return (per trajectory) or return-to-go
  /// (critic), y the (mean) weight, or Q for the critic.
  /// `labels` (one per point, optional) index `labelNames`; each label gets a colour and a
  /// legend entry. Pearson r is computed over all points.
  void setPoints(const QVector<double>& xs, const QVector<double>& ys,
                 const QVector<int>& labels = {}, const QStringList& labelNames = {});

  /// Rings point `index` (an index into the last setPoints' arrays); -1 removes the ring.
  void setHighlighted(int index);
  /// The ringed point, or -1.
  int highlighted() const { return highlighted_; }
  /// The point drawn within `radius` pixels of `pixel` (widget coordinates of plot()) nearest
  /// to it, or -1.
  int pointNear(const QPointF& pixel, double radius = 8.0) const;

  /// Pearson r of the shown points (NaN when undefined).
  double pearsonR() const { return r_; }
  /// The title as shown, e.g. "Meta-weight vs Q (per sample)  —  Pearson r = 0.734  (n = 4096)".
  QString titleText() const;
  /// Number of points shown.
  int pointCount() const { return int(xs_.size()); }
  /// The scatter graphs, one per label (one in all without labels).
  QList<QCPGraph*> graphs() const { return graphs_; }
  /// The QCustomPlot inside.
  QCustomPlot* plot() const { return plot_; }
  /// Writes PNG, SVG, PDF (adaptive sampling off) or CSV (x,y,label) by the suffix of `path`.
  bool exportTo(const QString& path, int width = 0, int height = 0);
  /// Writes the points as CSV: x,y,label.
  bool saveCsv(const QString& path) const;

  /// "r = 0.734" or "r = n/a" for NaN.
  static QString formatR(double r);

 signals:
  /// The user clicked (without dragging) on point `index`.
  void pointClicked(int index);

 protected:
  /// Refits the title to the new width.
  void resizeEvent(QResizeEvent* event) override;

 private:
  void resetView();
  /// The title on two lines when one line would be clipped.
  void fitToWidth();

  Mode mode_;
  QCustomPlot* plot_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QList<QCPGraph*> graphs_;
  QCPGraph* highlight_ = nullptr;  ///< the ring around the picked point, on a layer above the points
  int highlighted_ = -1;
  QPoint press_;                   ///< where the mouse went down, to tell a click from a drag
  QVector<double> xs_, ys_;
  QVector<int> labels_;
  QStringList label_names_;
  double r_ = 0.0;
};

}  // namespace vaco::ui
