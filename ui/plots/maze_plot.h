// AntMaze from above: the maze's walls, every episode's xy path coloured by a value (its return,
// or a run's mean weight), the shown episode drawn over them with the cursor's position, and the
// episode's goal.
#pragma once
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPColorScale;
class QCPCurve;
class QCPGraph;

namespace vaco::ui {

/// Top-down view of a maze with paths; the world's x to the right and y up, metres on both axes.
class MazePlot : public QWidget {
  Q_OBJECT
 public:
  explicit MazePlot(QWidget* parent = nullptr);

  /// Draws `walls` (world rectangles) and fits the view to them.
  void setWalls(const QVector<QRectF>& walls);
  /// Draws `paths` (xy per step), grey until colourPaths gives them values.
  void setPaths(const QVector<QPolygonF>& paths);
  /// Colours path i by values[i] on a scale named `valueName` (grey where values[i] is NaN or
  /// missing); the paths stay as drawn.
  void colourPaths(const QVector<double>& values, const QString& valueName);
  /// Draws path `index` of setPaths over the others, thicker and dark (-1: none).
  void highlightPath(int index);
  /// Puts the cursor's marker at `xy` (the shown step's position).
  void setCursor(QPointF xy);
  /// Marks the goal at `xy` (a NaN point hides the mark).
  void setGoal(QPointF xy);
  /// Draws a policy's evaluated episodes over the data: each path green where it reached its
  /// goal, red where it did not, ending in a dot; the goals as small stars. Empty: none.
  void setPolicyPaths(const QVector<QPolygonF>& paths, const QVector<bool>& reached, const QVector<QPointF>& goals);
  /// Number of policy paths drawn.
  int policyPathCount() const { return int(policyPaths_.size()); }

  /// The walls as drawn, in world coordinates.
  QVector<QRectF> walls() const { return walls_; }
  /// Number of paths drawn.
  int pathCount() const { return int(paths_.size()); }
  /// The colour scale's name ("episode return", "mean weight (run)").
  QString valueName() const;
  /// The highlighted path, or -1.
  int highlighted() const { return highlighted_; }
  /// The QCustomPlot inside.
  QCustomPlot* plot() const { return plot_; }

 private:
  /// Fits the axes to the walls with equal metres per pixel on both.
  void resetView();
  void resizeEvent(QResizeEvent* event) override;

  QCustomPlot* plot_;
  QCPColorScale* scale_;
  QCPCurve* shown_;
  QCPGraph* cursor_;
  QCPGraph* goal_;
  QVector<QRectF> walls_;
  QVector<QCPCurve*> paths_;
  QVector<QCPCurve*> policyPaths_;
  QCPGraph* reachedEnds_;  ///< where the policy's paths that reached their goal ended
  QCPGraph* missedEnds_;   ///< where the others ended
  QCPGraph* policyGoals_;
  int highlighted_ = -1;
};

}  // namespace vaco::ui
