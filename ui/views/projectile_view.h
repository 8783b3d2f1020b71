// The projectile tab's drawing: the reward landscape R(h, theta), the optimal-angle curve, the
// data coloured by weight, the angle each trained run picks, and the flight arcs at one height.
#pragma once
#include <QColor>
#include <QList>
#include <QMap>
#include <QString>
#include <QVector>
#include <QWidget>

#include <limits>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPCurve;
class QCPGraph;
class QCPItemStraightLine;
class QComboBox;
class QLabel;
class QSlider;
class QCPTextElement;

namespace vaco::ui {

/// The angle (degrees) at height `h` of a run's `anglesDeg` per ascending `heights`: linear
/// between heights, the end values beyond them; NaN when there are none.
double angleAtHeight(const QVector<double>& heights, const QVector<double>& anglesDeg, double h);

/// What colours the landscape: the true range, the run's learned Q, or Q minus the range.
enum class ProjectileMap { Range, LearnedQ, QError };

/// Landscape plot (heights on x, angles in degrees on y) above a flight-arc plot whose height
/// the user picks with a slider. Angles are in degrees throughout this API.
class ProjectileView : public QWidget {
  Q_OBJECT
 public:
  /// Heights span [0, kMaxHeight]; `speed` is the launch speed in m/s.
  explicit ProjectileView(QWidget* parent = nullptr, double speed = 10.0);

  /// Angle span of the landscape: [-90, 90] (the whole action space) or [0, 90].
  void setAngleRange(double minDeg, double maxDeg);
  /// The dataset's (h, theta) points, coloured by `weights` when given (one per point).
  void setDataPoints(const QVector<double>& heights, const QVector<double>& anglesDeg,
                     const QVector<double>& weights = {});
  /// The dataset's (h, theta) points coloured by category: `labels` index `names` (one colour
  /// and one legend entry per name, in order: `colours` when given, else the palette's; a label
  /// outside the names is drawn grey).
  void setDataCategories(const QVector<double>& heights, const QVector<double>& anglesDeg, const QVector<int>& labels,
                         const QStringList& names, const QList<QColor>& colours = {});
  /// Greys the landscape where the data has no throw near (h, theta): within 0.5 m of height and
  /// 4 degrees of angle of a point of `heights` / `anglesDeg`; an empty set removes the shading.
  void setOutOfData(const QVector<double>& heights, const QVector<double>& anglesDeg);
  /// Shows or hides the shading setOutOfData computed (kept while hidden).
  void setOutOfDataShown(bool shown);
  /// The share of the landscape's cells greyed as out of data (0 when none).
  double outOfDataShare() const;
  /// Whether the landscape cell at (h, theta degrees) is greyed as out of data.
  bool isOutOfData(double h, double thetaDeg) const;
  /// Sets (replaces) the angle a trained run picks at each height; heights ascending.
  void setRunAngles(const QString& name, const QVector<double>& heights,
                    const QVector<double>& anglesDeg);
  /// Removes one run.
  void removeRun(const QString& name);
  /// Height (m) of the throws in the arc plot; moves the slider.
  void setArcHeight(double h);
  /// Height (m) of the throws in the arc plot.
  double arcHeight() const { return arc_height_; }
  /// With `on`, the mouse over the landscape picks a throw: the arc plot's height follows it and
  /// the throw at the angle under the mouse is drawn beside the optimum's (the lesson's first
  /// step). Off removes that throw.
  void setFollowPointer(bool on);
  /// Draws the throw from height `h` (m) at `thetaDeg` as the mouse would pick it.
  void setPointerThrow(double h, double thetaDeg);
  /// The angle (degrees) of the throw under the mouse; NaN when none is drawn.
  double pointerAngle() const { return pointer_deg_; }
  /// Sets the critic's Q(h, theta) of run `run` on a grid of `heights` evenly over [0, 10] m x
  /// `angles` evenly over [-90, 90] degrees, height-major; the learned-Q and error colour maps
  /// show it. A grid of the wrong size is ignored.
  void setLearnedQ(const QString& run, int heights, int angles, const QVector<double>& q);
  /// Colours the landscape by `map`; the learned Q and its error show once a Q is set (the
  /// range until then).
  void setColourMap(ProjectileMap map);
  /// What colours the landscape now.
  ProjectileMap colourMap() const { return q_grid_.isEmpty() ? ProjectileMap::Range : map_; }

  /// The landscape colour map (cell value = range in metres, or the learned Q).
  QCPColorMap* landscape() const { return landscape_; }
  /// The optimal-angle curve theta*(h) in degrees.
  QCPGraph* optimalCurve() const { return optimal_; }
  /// A run's angle curve, or nullptr.
  QCPGraph* runCurve(const QString& name) const;
  /// A run's flight arc at the arc height, or nullptr; "optimum" names the optimal throw.
  QCPCurve* arcCurve(const QString& name) const;
  /// Names of the runs, sorted.
  QStringList runNames() const { return runs_.keys(); }
  /// Number of data points drawn.
  int dataPointCount() const;
  /// The angle (degrees) a run picks at height h, linear between its heights.
  double runAngleAt(const QString& name, double h) const;
  /// The landscape plot (colour map, data, curves).
  QCustomPlot* landscapePlot() const { return top_; }
  /// The flight-arc plot.
  QCustomPlot* arcPlot() const { return arcs_; }
  /// Writes the landscape (or, with `arcs`, the arc plot) as PNG, SVG or PDF by the suffix of
  /// `path`, or its curves as CSV.
  bool exportTo(const QString& path, bool arcs = false, int width = 0, int height = 0);

 private:
  struct Run {
    QVector<double> heights, angles;
    QCPGraph* curve = nullptr;
    QCPCurve* arc = nullptr;
    QColor color;
  };

  QWidget* buildControls();
  void buildLandscape();
  void fillLandscape();
  void clearDataGraphs();
  void updateOptimalCurve();
  void updateArcs();
  void setArc(QCPCurve* arc, double thetaDeg, const QString& label);
  bool saveCurvesCsv(const QString& path) const;
  bool saveArcsCsv(const QString& path) const;

  double speed_;
  double min_deg_ = -90.0, max_deg_ = 90.0;
  double arc_height_ = 5.0;
  QCustomPlot* top_ = nullptr;
  QCustomPlot* arcs_ = nullptr;
  QCPColorMap* landscape_ = nullptr;
  QCPColorMap* out_of_data_ = nullptr;  ///< 1 where no throw is near, drawn as grey over the landscape
  QCPColorScale* range_scale_ = nullptr;
  QCPColorScale* weight_scale_ = nullptr;
  QCPGraph* optimal_ = nullptr;
  QCPCurve* optimal_arc_ = nullptr;
  QCPCurve* pointer_arc_ = nullptr;  ///< the throw under the mouse (setFollowPointer), or null
  double pointer_deg_ = std::numeric_limits<double>::quiet_NaN();
  bool follow_pointer_ = false;
  QCPItemStraightLine* height_marker_ = nullptr;
  QList<QCPGraph*> data_graphs_;
  QMap<QString, Run> runs_;
  QSlider* height_slider_ = nullptr;
  QLabel* height_label_ = nullptr;
  QComboBox* angle_combo_ = nullptr;
  QComboBox* map_combo_ = nullptr;   ///< reward or learned Q
  QCPTextElement* title_ = nullptr;  ///< the landscape's title
  QVector<double> q_grid_;           ///< the learned Q, height-major; empty before one arrives
  int q_heights_ = 0, q_angles_ = 0;
  QString q_run_;                    ///< the run whose critic it is
  ProjectileMap map_ = ProjectileMap::Range;  ///< the map asked for
};

}  // namespace vaco::ui
