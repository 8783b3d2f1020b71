// A live line plot of named training metrics (losses, sigma_t, scores) with smoothing, log-y,
// step / wall-time x-axis, hover values, zoom/pan, display decimation, bands and export.
#pragma once
#include <limits>
#include <optional>

#include <QMap>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>

#include "ui/model/metric_series.h"

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPTextElement;
class QCPItemText;
class QCPItemTracer;
class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace vaco::ui {

/// What the x-axis shows.
enum class MetricXAxis { Step, WallTime };

/// The stored point nearest to a pixel, as the hover tooltip shows it.
struct MetricHoverPoint {
  QString series;
  qsizetype index = -1;
  double step = 0, wallTime = 0, value = 0, smoothed = 0;
};

/// Line plot of one or more named series; replots through a coalescing 40 ms single-shot timer.
/// A series either reads its points from a source held elsewhere (the MetricStore), or, in a
/// standalone plot, keeps the points appended to it. The plot itself holds only the display copy:
/// smoothed and decimated.
class MetricPlot : public QWidget {
  Q_OBJECT
 public:
  /// Interval of the coalescing replot timer.
  static constexpr int kReplotIntervalMs = 40;
  /// Default cap on displayed points per graph.
  static constexpr int kDefaultMaxDisplayPoints = 4000;

  /// A plot titled `title` whose y-axis reads `yLabel`.
  explicit MetricPlot(const QString& title, const QString& yLabel, QWidget* parent = nullptr);

  /// Shows `series` from `source`, its steps moved by −`stepShift`; replaces earlier points.
  void setSource(const QString& series, MetricSource source, double stepShift = 0);
  /// Redraws `series` (on the timer) because its source has new points.
  void sourceChanged(const QString& series);
  /// Appends a batch to `series` (created on first use), which then keeps its points; equal
  /// sizes, or empty wallTimes.
  void appendPoints(const QString& series, const QVector<double>& steps,
                    const QVector<double>& wallTimes, const QVector<double>& values);
  /// Sets (replaces) a mean +- std band over runs, keyed by step (hidden on the wall-time axis);
  /// without `meanLine` only the shaded std area is drawn (a series already shows the mean).
  void setBand(const QString& name, const QVector<double>& steps, const QVector<double>& mean,
               const QVector<double>& std, bool meanLine = true);
  /// Replaces the plot's title.
  void setTitle(const QString& title);
  /// Removes one series or band by name.
  void removeSeries(const QString& name);
  /// Removes every series and band.
  void clear();
  /// Colour of a series or band (created series get palette colours).
  void setSeriesColor(const QString& name, const QColor& color);

  /// EMA smoothing weight in [0, 0.99]; 0 shows the raw series only.
  void setSmoothing(double weight);
  /// The current EMA smoothing weight.
  double smoothing() const { return smoothing_; }
  /// Logarithmic y-axis on or off.
  void setLogY(bool on);
  /// Whether the y-axis is logarithmic.
  bool logY() const { return log_y_; }
  /// Step or wall time on the x-axis.
  void setXAxis(MetricXAxis axis);
  /// The x-axis title while it shows steps ("step" unless set).
  void setStepAxisLabel(const QString& label);
  /// What the x-axis shows now.
  MetricXAxis xAxisMode() const { return x_axis_; }
  /// Cap on displayed points per graph (storage keeps everything).
  void setMaxDisplayPoints(int points);
  /// The cap on displayed points per graph.
  int maxDisplayPoints() const { return max_display_points_; }
  /// Drops antialiasing while a run streams, for speed.
  void setStreaming(bool on);
  /// Marks where the policy phase begins (a dashed vertical line on the step axis); NaN removes it.
  void setPhaseBoundary(double step);

  /// Fits the axes to the data again and follows new data.
  void resetView();
  /// Applies pending data and settings now instead of waiting for the timer.
  void flush();
  /// Writes PNG, SVG, PDF or CSV by the suffix of `path`; 0 keeps the widget's size.
  bool exportTo(const QString& path, int width = 0, int height = 0);
  /// Writes all series and bands, raw values, as CSV.
  bool saveCsv(const QString& path) const;

  /// Names of the series (not bands), sorted.
  QStringList seriesNames() const { return series_.keys(); }
  /// The points a series shows (its source's or its own, steps as plotted), or nothing.
  std::optional<MetricSeriesData> points(const QString& series) const;
  /// The graph showing a series (smoothed when smoothing is on), or nullptr.
  QCPGraph* displayGraph(const QString& series) const;
  /// The faint raw graph behind a smoothed series, or nullptr.
  QCPGraph* rawGraph(const QString& series) const;
  /// The mean line of a band, or nullptr.
  QCPGraph* bandMeanGraph(const QString& name) const;
  /// The nearest stored point to a pixel of the plot, within `radius` pixels.
  std::optional<MetricHoverPoint> nearestPoint(const QPointF& pixel, double radius = 24) const;
  /// The QCustomPlot inside (axes, export, screenshots).
  QCustomPlot* plot() const { return plot_; }
  /// How many timer-driven refreshes ran (tests check the coalescing).
  int refreshCount() const { return refresh_count_; }

 private:
  struct SeriesView {
    MetricSource source;    ///< where the points live; empty: in `own`
    MetricSeriesData own;   ///< appended points of a series without a source
    double step_shift = 0;  ///< subtracted from every step shown
    QVector<double> smoothed;
    QCPGraph* raw = nullptr;
    QCPGraph* line = nullptr;
    bool dirty = true;
  };
  struct BandView {
    MetricBandData data;
    QCPGraph* upper = nullptr;
    QCPGraph* lower = nullptr;
    QCPGraph* mean = nullptr;
    bool meanLine = true;
    bool dirty = true;
  };

  QWidget* buildControls();
  void scheduleRefresh();
  void refresh();
  void rebuildSeries(SeriesView& s);
  const MetricSeriesData& dataOf(const SeriesView& s) const;
  QVector<double> stepsOf(const SeriesView& s) const;
  QVector<double> keysOf(const SeriesView& s) const;
  void rebuildBand(BandView& b);
  void markAllDirty();
  void fitAxes();
  void applyXAxisTicker();
  void updateLegend();
  void applyPlotRules();
  void updatePhaseMarker();
  void onUserRangeChange();
  void showHover(const QPointF& pixel);
  SeriesView& seriesFor(const QString& name);
  QColor nextColor();

  QCustomPlot* plot_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QCPItemTracer* tracer_ = nullptr;
  QCPItemStraightLine* phase_line_ = nullptr;
  QCPItemText* phase_text_ = nullptr;
  double phase_step_ = std::numeric_limits<double>::quiet_NaN();
  QSlider* smoothing_slider_ = nullptr;
  QLabel* smoothing_label_ = nullptr;
  QCheckBox* log_check_ = nullptr;
  QComboBox* x_combo_ = nullptr;
  QTimer replot_timer_;
  QMap<QString, SeriesView> series_;
  QMap<QString, BandView> bands_;
  QMap<QString, QColor> colors_;
  double smoothing_ = 0.0;
  bool log_y_ = false;
  MetricXAxis x_axis_ = MetricXAxis::Step;
  QString step_label_ = QStringLiteral("step");
  int max_display_points_ = kDefaultMaxDisplayPoints;
  bool following_ = true;     // axes track the data until the user zooms or pans
  bool fitting_ = false;      // our own range changes, not the user's
  bool view_dirty_ = false;   // visible window moved: re-decimate large series
  int refresh_count_ = 0;
};

}  // namespace vaco::ui
