#include "ui/plots/metric_plot.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include "ui/plots/plot_export.h"
#include "ui/plots/plot_rules.h"
#include "ui/plots/plot_style.h"
#include "ui/model/series_transform.h"

namespace vaco::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QColor withAlpha(QColor c, int alpha) {
  c.setAlpha(alpha);
  return c;
}

QString formatWallTime(double seconds) {
  if (!std::isfinite(seconds)) return "n/a";
  const int whole = int(seconds);
  return QString("%1:%2:%3")
      .arg(whole / 3600)
      .arg((whole / 60) % 60, 2, 10, QChar('0'))
      .arg(std::fmod(seconds, 60.0), 4, 'f', 1, QChar('0'));
}

}  // namespace

MetricPlot::MetricPlot(const QString& title, const QString& yLabel, QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)) {
  applyPlotStyle(plot_);
  title_ = addPlotTitle(plot_, title);
  plot_->yAxis->setLabel(yLabel);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMinimumSize(320, 200);
  plot_->setMouseTracking(true);  // hover without a pressed button
  applyXAxisTicker();

  plot_->yAxis2->setTickLabels(true);
  plot_->yAxis2->setVisible(false);
  phase_line_ = new QCPItemStraightLine(plot_);
  phase_line_->setPen(QPen(QColor(110, 110, 110), 1, Qt::DashLine));
  phase_line_->setVisible(false);
  phase_text_ = new QCPItemText(plot_);
  phase_text_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  phase_text_->position->setTypeX(QCPItemPosition::ptPlotCoords);
  phase_text_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  phase_text_->setColor(QColor(90, 90, 90));
  phase_text_->setVisible(false);

  tracer_ = new QCPItemTracer(plot_);
  tracer_->setStyle(QCPItemTracer::tsCircle);
  tracer_->setSize(9);
  tracer_->setVisible(false);
  tracer_->position->setType(QCPItemPosition::ptPlotCoords);

  replot_timer_.setSingleShot(true);
  replot_timer_.setInterval(kReplotIntervalMs);
  connect(&replot_timer_, &QTimer::timeout, this, &MetricPlot::refresh);
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
          &MetricPlot::onUserRangeChange);
  connect(plot_->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
          &MetricPlot::onUserRangeChange);
  connect(plot_, &QCustomPlot::mouseMove, this,
          [this](QMouseEvent* e) { showHover(e->position()); });
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });
  installExportMenu(plot_, [this](const QString& path) { return saveCsv(path); },
                    [this] { resetView(); });

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(buildControls());
  layout->addWidget(plot_, 1);
}

QWidget* MetricPlot::buildControls() {
  auto* bar = new QWidget(this);
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(6, 2, 6, 0);
  row->setSpacing(4);
  row->addWidget(new QLabel("Smooth", bar));
  smoothing_slider_ = new QSlider(Qt::Horizontal, bar);
  smoothing_slider_->setRange(0, 99);
  smoothing_slider_->setMinimumWidth(50);
  smoothing_slider_->setMaximumWidth(140);
  smoothing_slider_->setToolTip("Exponential moving average; the raw series stays faint behind");
  row->addWidget(smoothing_slider_);
  smoothing_label_ = new QLabel("0.00", bar);
  smoothing_label_->setMinimumWidth(smoothing_label_->fontMetrics().horizontalAdvance("0.00 "));
  row->addWidget(smoothing_label_);
  log_check_ = new QCheckBox("Log y", bar);
  row->addWidget(log_check_);
  x_combo_ = new QComboBox(bar);
  x_combo_->addItems({"Step", "Wall time"});
  x_combo_->setToolTip("x-axis");
  row->addWidget(x_combo_);
  row->addStretch(1);
  auto* reset = new QToolButton(bar);
  reset->setText("Reset");
  reset->setToolTip("Fit the data again (or double-click the plot); wheel zooms, drag pans");
  row->addWidget(reset);
  auto* save = new QToolButton(bar);
  save->setText("Export");
  save->setToolTip("Export the plot (PNG, SVG, PDF) or its data (CSV)");
  row->addWidget(save);

  connect(smoothing_slider_, &QSlider::valueChanged, this,
          [this](int v) { setSmoothing(v / 100.0); });
  connect(log_check_, &QCheckBox::toggled, this, &MetricPlot::setLogY);
  connect(x_combo_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int i) { setXAxis(i == 0 ? MetricXAxis::Step : MetricXAxis::WallTime); });
  connect(reset, &QToolButton::clicked, this, &MetricPlot::resetView);
  connect(save, &QToolButton::clicked, this, [this, save] {
    // The same menu as a right click on the plot, opened under the button.
    emit plot_->customContextMenuRequested(
        plot_->mapFromGlobal(save->mapToGlobal(QPoint(0, save->height()))));
  });
  return bar;
}

QColor MetricPlot::nextColor() { return paletteColor(int(colors_.size())); }

MetricPlot::SeriesView& MetricPlot::seriesFor(const QString& name) {
  auto it = series_.find(name);
  if (it != series_.end()) return it.value();
  if (!colors_.contains(name)) colors_.insert(name, nextColor());
  const QColor color = colors_.value(name);
  SeriesView s;
  s.raw = plot_->addGraph();
  s.raw->setPen(QPen(withAlpha(color, 70), 1));
  s.raw->setName(name + " (raw)");
  s.raw->removeFromLegend();
  s.raw->setVisible(false);
  s.line = plot_->addGraph();
  s.line->setPen(QPen(color, 1.6));
  s.line->setName(name);
  return series_.insert(name, s).value();
}

void MetricPlot::appendPoints(const QString& series, const QVector<double>& steps,
                              const QVector<double>& wallTimes, const QVector<double>& values) {
  if (steps.size() != values.size() || (!wallTimes.isEmpty() && wallTimes.size() != values.size())) {
    qWarning("MetricPlot::appendPoints(%s): batch sizes differ; batch ignored", qPrintable(series));
    return;
  }
  SeriesView& s = seriesFor(series);
  s.source = nullptr;
  s.own.steps += steps;
  if (wallTimes.isEmpty())
    s.own.wallTimes += QVector<double>(values.size(), kNaN);
  else
    s.own.wallTimes += wallTimes;
  s.own.values += values;
  s.dirty = true;
  scheduleRefresh();
}

void MetricPlot::setSource(const QString& series, MetricSource source, double stepShift) {
  SeriesView& s = seriesFor(series);
  s.source = std::move(source);
  s.own = {};
  s.step_shift = stepShift;
  s.dirty = true;
  scheduleRefresh();
}

void MetricPlot::sourceChanged(const QString& series) {
  if (auto it = series_.find(series); it != series_.end()) {
    it->dirty = true;
    scheduleRefresh();
  }
}

const MetricSeriesData& MetricPlot::dataOf(const SeriesView& s) const {
  static const MetricSeriesData kEmpty;
  if (!s.source) return s.own;
  const MetricSeriesData* d = s.source();
  return d ? *d : kEmpty;
}

QVector<double> MetricPlot::stepsOf(const SeriesView& s) const {
  QVector<double> steps = dataOf(s).steps;  // shared, copied only when shifted
  if (s.step_shift != 0)
    for (double& step : steps) step -= s.step_shift;
  return steps;
}

QVector<double> MetricPlot::keysOf(const SeriesView& s) const {
  return x_axis_ == MetricXAxis::Step ? stepsOf(s) : dataOf(s).wallTimes;
}

void MetricPlot::setTitle(const QString& title) {
  title_->setText(title);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricPlot::setBand(const QString& name, const QVector<double>& steps,
                         const QVector<double>& mean, const QVector<double>& std, bool meanLine) {
  if (steps.size() != mean.size() || steps.size() != std.size()) {
    qWarning("MetricPlot::setBand(%s): sizes differ; band ignored", qPrintable(name));
    return;
  }
  auto it = bands_.find(name);
  if (it == bands_.end()) {
    if (!colors_.contains(name)) colors_.insert(name, nextColor());
    const QColor color = colors_.value(name);
    BandView b;
    b.lower = plot_->addGraph();
    b.lower->setPen(Qt::NoPen);
    b.lower->removeFromLegend();
    b.upper = plot_->addGraph();
    b.upper->setPen(Qt::NoPen);
    b.upper->setBrush(withAlpha(color, 55));
    b.upper->setChannelFillGraph(b.lower);
    b.upper->removeFromLegend();
    b.mean = plot_->addGraph();
    b.mean->setPen(QPen(color, 1.8));
    b.mean->setName(name + " (mean ± std)");
    it = bands_.insert(name, b);
  }
  it->data = {steps, mean, std};
  it->meanLine = meanLine;
  it->dirty = true;
  scheduleRefresh();
}

void MetricPlot::removeSeries(const QString& name) {
  if (auto it = series_.find(name); it != series_.end()) {
    plot_->removeGraph(it->raw);
    plot_->removeGraph(it->line);
    series_.erase(it);
  }
  if (auto it = bands_.find(name); it != bands_.end()) {
    plot_->removeGraph(it->mean);
    plot_->removeGraph(it->upper);
    plot_->removeGraph(it->lower);
    bands_.erase(it);
  }
  tracer_->setVisible(false);
  scheduleRefresh();
}

void MetricPlot::clear() {
  for (const QString& name : series_.keys() + bands_.keys()) removeSeries(name);
  colors_.clear();
  following_ = true;
}

void MetricPlot::setSeriesColor(const QString& name, const QColor& color) {
  colors_.insert(name, color);
  if (auto it = series_.find(name); it != series_.end()) {
    it->raw->setPen(QPen(withAlpha(color, 70), 1));
    it->line->setPen(QPen(color, 1.6));
    it->dirty = true;  // the plot rules set the final pen
  }
  if (auto it = bands_.find(name); it != bands_.end()) {
    it->upper->setBrush(withAlpha(color, 55));
    it->mean->setPen(QPen(color, 1.8));
  }
  scheduleRefresh();
}

void MetricPlot::setSmoothing(double weight) {
  weight = std::clamp(weight, 0.0, 0.99);
  if (weight == smoothing_) return;
  smoothing_ = weight;
  smoothing_label_->setText(QString::number(weight, 'f', 2));
  const QSignalBlocker block(smoothing_slider_);
  smoothing_slider_->setValue(int(std::lround(weight * 100)));
  markAllDirty();
}

void MetricPlot::setLogY(bool on) {
  if (on == log_y_) return;
  log_y_ = on;
  const QSignalBlocker block(log_check_);
  log_check_->setChecked(on);
  plot_->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  if (on)
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
  else
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
  plot_->yAxis->setNumberFormat(on ? "eb" : "gb");
  plot_->yAxis->setNumberPrecision(on ? 0 : 6);
  following_ = true;
  markAllDirty();
}

void MetricPlot::setXAxis(MetricXAxis axis) {
  if (axis == x_axis_) return;
  x_axis_ = axis;
  const QSignalBlocker block(x_combo_);
  x_combo_->setCurrentIndex(axis == MetricXAxis::Step ? 0 : 1);
  applyXAxisTicker();
  following_ = true;
  markAllDirty();
}

void MetricPlot::setStepAxisLabel(const QString& label) {
  step_label_ = label;
  applyXAxisTicker();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricPlot::applyXAxisTicker() {
  QCPAxis* x = plot_->xAxis;
  if (x_axis_ == MetricXAxis::Step) {
    x->setTicker(QSharedPointer<QCPAxisTicker>::create());
    x->setNumberFormat("f");
    x->setNumberPrecision(0);
    x->setLabel(step_label_);
  } else {
    auto ticker = QSharedPointer<QCPAxisTickerTime>::create();
    ticker->setTimeFormat("%h:%m:%s");
    x->setTicker(ticker);
    x->setLabel("wall time (h:mm:ss)");
  }
}

void MetricPlot::setMaxDisplayPoints(int points) {
  max_display_points_ = std::max(points, 3);
  markAllDirty();
}

void MetricPlot::setStreaming(bool on) {
  plot_->setNotAntialiasedElements(on ? QCP::aeAll : QCP::aeNone);
  scheduleRefresh();
}

void MetricPlot::markAllDirty() {
  for (SeriesView& s : series_) s.dirty = true;
  for (BandView& b : bands_) b.dirty = true;
  scheduleRefresh();
}

void MetricPlot::scheduleRefresh() {
  if (!replot_timer_.isActive()) replot_timer_.start();
}

void MetricPlot::flush() {
  replot_timer_.stop();
  refresh();
}

void MetricPlot::refresh() {
  ++refresh_count_;
  bool changed = false;
  for (SeriesView& s : series_) {
    changed = changed || s.dirty;
    if (s.dirty || (view_dirty_ && dataOf(s).values.size() > max_display_points_)) rebuildSeries(s);
  }
  for (BandView& b : bands_) {
    changed = changed || b.dirty;
    if (b.dirty) rebuildBand(b);
  }
  view_dirty_ = false;
  if (changed) applyPlotRules();
  updatePhaseMarker();
  updateLegend();
  if (following_) fitAxes();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricPlot::rebuildSeries(SeriesView& s) {
  s.dirty = false;
  const MetricSeriesData& data = dataOf(s);
  const QVector<double> keys = keysOf(s);
  const bool smooth = smoothing_ > 0.0;
  s.smoothed = smooth ? emaSmooth(data.values, smoothing_) : QVector<double>();
  const bool sorted = std::is_sorted(keys.cbegin(), keys.cend());
  // Large series zoomed in: decimate only the visible window (plus one width either side).
  qsizetype begin = 0, end = keys.size();
  if (!following_ && sorted && keys.size() > max_display_points_) {
    const QCPRange r = plot_->xAxis->range();
    begin = std::lower_bound(keys.cbegin(), keys.cend(), r.lower - r.size()) - keys.cbegin();
    end = std::upper_bound(keys.cbegin(), keys.cend(), r.upper + r.size()) - keys.cbegin();
  }
  const auto shown = [&](const QVector<double>& values, QCPGraph* graph) {
    if (sorted) {
      const DecimatedSeries d = decimateMinMax(keys, values, begin, end, max_display_points_);
      graph->setData(d.keys, d.values, true);
    } else {
      graph->setData(keys, values, false);  // unsorted keys: QCustomPlot sorts; no decimation
    }
  };
  shown(smooth ? s.smoothed : data.values, s.line);
  if (smooth)
    shown(data.values, s.raw);
  else
    s.raw->data()->clear();
  s.raw->setVisible(smooth);
}

void MetricPlot::rebuildBand(BandView& b) {
  b.dirty = false;
  QVector<double> mean = b.data.mean, upper(mean.size()), lower(mean.size());
  for (qsizetype i = 0; i < mean.size(); ++i) {
    upper[i] = b.data.mean[i] + b.data.std[i];
    lower[i] = b.data.mean[i] - b.data.std[i];
  }
  if (smoothing_ > 0.0) {
    mean = emaSmooth(mean, smoothing_);
    upper = emaSmooth(upper, smoothing_);
    lower = emaSmooth(lower, smoothing_);
  }
  b.mean->setData(b.data.steps, mean);
  b.upper->setData(b.data.steps, upper);
  b.lower->setData(b.data.steps, lower);
  const bool visible = x_axis_ == MetricXAxis::Step;
  for (QCPGraph* g : {b.upper, b.lower}) g->setVisible(visible);
  b.mean->setVisible(visible && b.meanLine);
  if (b.meanLine)
    b.mean->addToLegend();
  else
    b.mean->removeFromLegend();
}

void MetricPlot::applyPlotRules() {
  // Equal series: each one equal to an earlier series is drawn dashed and wider over it.
  const QStringList names = series_.keys();
  QMap<QString, double> scales;
  for (qsizetype i = 0; i < names.size(); ++i) {
    SeriesView& s = series_[names[i]];
    const QVector<double>& values = dataOf(s).values;
    bool copy = false;
    for (qsizetype j = 0; j < i && !copy; ++j) {
      const SeriesView& t = series_[names[j]];
      copy = equalSeries(stepsOf(s), values, stepsOf(t), dataOf(t).values);
    }
    const QColor color = colors_.value(names[i]);
    s.line->setPen(copy ? QPen(color, 2.6, Qt::DashLine) : QPen(color, 1.6));
    s.line->setScatterStyle(values.size() <= kSparsePoints ? QCPScatterStyle(QCPScatterStyle::ssDisc, 6)
                                                           : QCPScatterStyle());
    scales.insert(names[i], seriesScale(values));
  }
  for (BandView& b : bands_)
    b.mean->setScatterStyle(b.data.mean.size() <= kSparsePoints ? QCPScatterStyle(QCPScatterStyle::ssDisc, 6)
                                                                 : QCPScatterStyle());
  // Scales more than kScaleRatio apart: the smaller ones read on the right-hand axis.
  const QSet<QString> right = log_y_ ? QSet<QString>() : rightAxisSeries(scales);
  for (const QString& name : names) {
    SeriesView& s = series_[name];
    QCPAxis* axis = right.contains(name) ? plot_->yAxis2 : plot_->yAxis;
    s.line->setValueAxis(axis);
    s.raw->setValueAxis(axis);
    s.line->setName(right.contains(name) ? name + " (right axis)" : name);
  }
  plot_->yAxis2->setVisible(!right.isEmpty());
  plot_->yAxis2->setLabel(plot_->yAxis->label() + " (right axis)");
}

void MetricPlot::setPhaseBoundary(double step) {
  phase_step_ = step;
  scheduleRefresh();
}

void MetricPlot::updatePhaseMarker() {
  // Drawn where the plot's data lie on both sides of the boundary (a plot of one phase needs none).
  double first = std::numeric_limits<double>::infinity(), last = -first;
  for (const SeriesView& s : series_) {
    const QVector<double>& steps = dataOf(s).steps;  // as stored: only the ends are shifted
    if (!steps.isEmpty())
      first = std::min(first, steps.first() - s.step_shift), last = std::max(last, steps.last() - s.step_shift);
  }
  const bool shown =
      std::isfinite(phase_step_) && x_axis_ == MetricXAxis::Step && first < phase_step_ && phase_step_ < last;
  phase_line_->setVisible(shown);
  phase_text_->setVisible(shown);
  if (!shown) return;
  phase_line_->point1->setCoords(phase_step_, 0);
  phase_line_->point2->setCoords(phase_step_, 1);
  phase_text_->position->setCoords(phase_step_, 0.02);
  phase_text_->setText(" policy phase");
}

void MetricPlot::updateLegend() {
  int entries = 0;
  for (const SeriesView& s : series_) entries += s.line->visible() ? 1 : 0;
  for (const BandView& b : bands_) entries += b.mean->visible() ? 1 : 0;
  showLegendBelow(plot_, entries > 1);
}

void MetricPlot::fitAxes() {
  fitting_ = true;
  plot_->rescaleAxes(true);
  const QCPRange x = plot_->xAxis->range();
  if (x.size() > 0) plot_->xAxis->setRange(x.lower, x.upper + x.size() * 0.02);
  const QCPRange y = plot_->yAxis->range();
  if (log_y_) {
    if (y.lower > 0) plot_->yAxis->setRange(y.lower / 1.3, y.upper * 1.3);
  } else if (y.size() > 0) {
    plot_->yAxis->setRange(y.lower - y.size() * 0.05, y.upper + y.size() * 0.05);
  }
  const QCPRange y2 = plot_->yAxis2->range();
  if (plot_->yAxis2->visible() && y2.size() > 0)
    plot_->yAxis2->setRange(y2.lower - y2.size() * 0.05, y2.upper + y2.size() * 0.05);
  fitting_ = false;
}

void MetricPlot::onUserRangeChange() {
  if (fitting_) return;
  following_ = false;
  view_dirty_ = true;
  scheduleRefresh();
}

void MetricPlot::resetView() {
  following_ = true;
  markAllDirty();
  flush();
}

std::optional<MetricSeriesData> MetricPlot::points(const QString& series) const {
  auto it = series_.find(series);
  if (it == series_.end()) return std::nullopt;
  return MetricSeriesData{stepsOf(*it), dataOf(*it).wallTimes, dataOf(*it).values};
}

QCPGraph* MetricPlot::displayGraph(const QString& series) const {
  auto it = series_.find(series);
  return it == series_.end() ? nullptr : it->line;
}

QCPGraph* MetricPlot::rawGraph(const QString& series) const {
  auto it = series_.find(series);
  return it == series_.end() ? nullptr : it->raw;
}

QCPGraph* MetricPlot::bandMeanGraph(const QString& name) const {
  auto it = bands_.find(name);
  return it == bands_.end() ? nullptr : it->mean;
}

std::optional<MetricHoverPoint> MetricPlot::nearestPoint(const QPointF& pixel, double radius) const {
  std::optional<MetricHoverPoint> best;
  double best_dist = radius;
  const double mouse_key = plot_->xAxis->pixelToCoord(pixel.x());
  for (auto it = series_.cbegin(); it != series_.cend(); ++it) {
    const SeriesView& s = it.value();
    if (!s.line->visible()) continue;
    const MetricSeriesData& data = dataOf(s);
    // The stored keys, searched unshifted (no copy per mouse move); `shift` places them on the axis.
    const bool by_step = x_axis_ == MetricXAxis::Step;
    const QVector<double>& keys = by_step ? data.steps : data.wallTimes;
    const double shift = by_step ? s.step_shift : 0.0;
    if (keys.isEmpty() || !std::is_sorted(keys.cbegin(), keys.cend())) continue;
    const QVector<double>& shown = s.smoothed.size() == data.values.size() ? s.smoothed : data.values;
    // Candidates: the stored points whose keys fall within the radius, around the mouse key.
    const double key_radius = std::abs(plot_->xAxis->pixelToCoord(pixel.x() + radius) - mouse_key);
    auto lo = std::lower_bound(keys.cbegin(), keys.cend(), mouse_key + shift - key_radius);
    auto hi = std::upper_bound(keys.cbegin(), keys.cend(), mouse_key + shift + key_radius);
    const qsizetype first = lo - keys.cbegin(), last = hi - keys.cbegin();
    const qsizetype stride = std::max<qsizetype>(1, (last - first) / 2000);  // bounded work
    for (qsizetype i = first; i < last; i += stride) {
      if (!std::isfinite(shown[i])) continue;
      const double px = plot_->xAxis->coordToPixel(keys[i] - shift);
      const double py = s.line->valueAxis()->coordToPixel(shown[i]);
      const double dist = std::hypot(px - pixel.x(), py - pixel.y());
      if (dist <= best_dist) {
        best_dist = dist;
        best = MetricHoverPoint{it.key(), i, data.steps[i] - s.step_shift, data.wallTimes[i], data.values[i], shown[i]};
      }
    }
  }
  return best;
}

void MetricPlot::showHover(const QPointF& pixel) {
  const std::optional<MetricHoverPoint> p = nearestPoint(pixel);
  if (!p) {
    if (tracer_->visible()) {
      tracer_->setVisible(false);
      QToolTip::hideText();
      plot_->replot(QCustomPlot::rpQueuedReplot);
    }
    return;
  }
  const double key = x_axis_ == MetricXAxis::Step ? p->step : p->wallTime;
  tracer_->position->setAxes(plot_->xAxis, series_[p->series].line->valueAxis());
  tracer_->position->setCoords(key, p->smoothed);
  tracer_->setPen(QPen(colors_.value(p->series), 1.5));
  tracer_->setVisible(true);
  QString text = QString("<b>%1</b><br>step %2<br>wall time %3<br>value %4")
                     .arg(p->series.toHtmlEscaped())
                     .arg(QString::number(p->step, 'f', 0), formatWallTime(p->wallTime),
                          QString::number(p->value, 'g', 8));
  if (smoothing_ > 0.0) text += QString("<br>smoothed %1").arg(p->smoothed, 0, 'g', 8);
  QToolTip::showText(plot_->mapToGlobal(pixel.toPoint()), text, plot_);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool MetricPlot::saveCsv(const QString& path) const {
  QMap<QString, MetricSeriesData> series;
  for (auto it = series_.cbegin(); it != series_.cend(); ++it)
    series.insert(it.key(), {stepsOf(*it), dataOf(*it).wallTimes, dataOf(*it).values});
  QMap<QString, MetricBandData> bands;
  for (auto it = bands_.cbegin(); it != bands_.cend(); ++it) bands.insert(it.key(), it->data);
  return writeMetricCsv(path, series, bands);
}

bool MetricPlot::exportTo(const QString& path, int width, int height) {
  if (QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0) return saveCsv(path);
  flush();
  return savePlotImage(plot_, path, width, height);
}

}  // namespace vaco::ui
