#include "ui/views/projectile_view.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStandardItemModel>
#include <QSplitter>
#include <QTextStream>
#include <QVBoxLayout>

#include "core/envs/projectile.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

namespace vaco::ui {

namespace {

constexpr double kDegPerRad = 180.0 / std::numbers::pi;
constexpr int kHeightCells = 201;  // 5 cm per cell over [0, 10] m
constexpr int kWeightBins = 24;    // colour levels of the weighted data points
const QString kOptimum = "optimum";

// Muted blue-grey to pale sand: the landscape stays quiet under the coloured points and curves.
QCPColorGradient landscapeGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(22, 30, 48));
  g.setColorStopAt(0.35, QColor(58, 82, 112));
  g.setColorStopAt(0.7, QColor(133, 150, 160));
  g.setColorStopAt(1.0, QColor(232, 226, 206));
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  return g;
}

// Dark purple to bright yellow (plasma-like) for the weights.
QCPColorGradient weightGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(13, 8, 135));
  g.setColorStopAt(0.35, QColor(156, 23, 158));
  g.setColorStopAt(0.65, QColor(237, 121, 83));
  g.setColorStopAt(1.0, QColor(240, 249, 33));
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  return g;
}

}  // namespace

ProjectileView::ProjectileView(QWidget* parent, double speed)
    : QWidget(parent), speed_(speed), top_(new QCustomPlot(this)), arcs_(new QCustomPlot(this)) {
  buildLandscape();

  applyPlotStyle(arcs_);
  addPlotTitle(arcs_, "Flight arcs at the chosen height");
  arcs_->xAxis->setLabel("distance (m)");
  arcs_->yAxis->setLabel("height (m)");
  arcs_->legend->setVisible(true);
  arcs_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  optimal_arc_ = new QCPCurve(arcs_->xAxis, arcs_->yAxis);
  optimal_arc_->setPen(QPen(QColor(20, 20, 20), 2.2, Qt::DashLine));
  installExportMenu(arcs_, [this](const QString& p) { return saveArcsCsv(p); },
                    [this] { updateArcs(); });

  auto* bottom = new QWidget(this);
  auto* bottom_layout = new QVBoxLayout(bottom);
  bottom_layout->setContentsMargins(0, 0, 0, 0);
  bottom_layout->addWidget(buildControls());
  bottom_layout->addWidget(arcs_, 1);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top_);
  split->addWidget(bottom);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  fillLandscape();
  updateOptimalCurve();
  setArcHeight(arc_height_);
}

QWidget* ProjectileView::buildControls() {
  auto* bar = new QWidget(this);
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(6, 2, 6, 0);
  row->addWidget(new QLabel("Launch height", bar));
  height_slider_ = new QSlider(Qt::Horizontal, bar);
  height_slider_->setRange(0, int(projectile::kMaxHeight * 10));
  height_slider_->setToolTip("Height of the throws drawn below (also marked on the landscape)");
  row->addWidget(height_slider_, 1);
  height_label_ = new QLabel(bar);
  height_label_->setMinimumWidth(height_label_->fontMetrics().horizontalAdvance("h = 10.0 m "));
  row->addWidget(height_label_);
  row->addSpacing(12);
  row->addWidget(new QLabel("Angles", bar));
  angle_combo_ = new QComboBox(bar);
  angle_combo_->addItems({"-90° to 90°", "0° to 90°"});
  row->addWidget(angle_combo_);
  row->addSpacing(12);
  row->addWidget(new QLabel("Colour map", bar));
  map_combo_ = new QComboBox(bar);
  map_combo_->setObjectName("projectileMap");
  map_combo_->addItems({"range R(h, θ)", "learned Q(h, θ)", "error Q − R"});
  map_combo_->setToolTip("The true range of each throw, or what the run's critic believes it is worth\n"
                         "(a run with a critic: VACO, IQL, AWR, bc-recip, TD3+BC). Where the data has no\n"
                         "throws (negative angles) the learned Q is an extrapolation.");
  if (auto* items = qobject_cast<QStandardItemModel*>(map_combo_->model()))
    for (int i : {1, 2}) items->item(i)->setEnabled(false);
  row->addWidget(map_combo_);
  connect(map_combo_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int i) { setColourMap(ProjectileMap(i)); });
  connect(height_slider_, &QSlider::valueChanged, this, [this](int v) { setArcHeight(v / 10.0); });
  connect(angle_combo_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int i) { setAngleRange(i == 0 ? -90.0 : 0.0, 90.0); });
  return bar;
}

void ProjectileView::buildLandscape() {
  applyPlotStyle(top_);
  title_ = addPlotTitle(top_, "Reward landscape R(h, θ)");
  top_->xAxis->setLabel("launch height h (m)");
  top_->yAxis->setLabel("launch angle θ (°)");
  top_->xAxis->grid()->setVisible(false);
  top_->yAxis->grid()->setVisible(false);
  top_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);

  // Layers from the bottom: landscape, data points, then the curves on "main".
  top_->addLayer("data", top_->layer("main"), QCustomPlot::limBelow);
  top_->addLayer("landscape", top_->layer("data"), QCustomPlot::limBelow);
  landscape_ = new QCPColorMap(top_->xAxis, top_->yAxis);
  landscape_->setLayer("landscape");
  landscape_->setGradient(landscapeGradient());
  landscape_->setInterpolate(true);
  range_scale_ = new QCPColorScale(top_);
  range_scale_->setLabel("range (m)");
  range_scale_->setBarWidth(10);
  top_->plotLayout()->addElement(1, 1, range_scale_);
  landscape_->setColorScale(range_scale_);
  range_scale_->setGradient(landscapeGradient());  // the scale's gradient wins over the map's
  weight_scale_ = new QCPColorScale(top_);
  weight_scale_->setLabel("meta-weight");
  weight_scale_->setBarWidth(10);
  weight_scale_->setGradient(weightGradient());
  weight_scale_->setVisible(false);  // joins the layout when weights arrive
  auto* margins = new QCPMarginGroup(top_);
  top_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
  range_scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
  weight_scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

  optimal_ = top_->addGraph();
  optimal_->setPen(QPen(QColor(15, 15, 15), 2.4, Qt::DashLine));  // the ridge is pale
  optimal_->setName("optimal θ*(h)");

  height_marker_ = new QCPItemStraightLine(top_);
  height_marker_->setPen(QPen(QColor(255, 255, 255, 150), 1, Qt::DotLine));

  top_->legend->setVisible(true);
  top_->legend->setBrush(QColor(255, 255, 255, 200));
  // Bottom right: low angles at large heights, where the data is thinnest.
  top_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  connect(top_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    if (!follow_pointer_ || !top_->axisRect()->rect().contains(e->position().toPoint())) return;
    setPointerThrow(top_->xAxis->pixelToCoord(e->position().x()), top_->yAxis->pixelToCoord(e->position().y()));
  });
  installExportMenu(top_, [this](const QString& p) { return saveCurvesCsv(p); },
                    [this] { setAngleRange(min_deg_, max_deg_); });
}

void ProjectileView::fillLandscape() {
  QCPColorMapData* data = landscape_->data();
  const bool error = colourMap() == ProjectileMap::QError;
  double largest = 0;  // the error map's largest |Q − R|
  if (colourMap() != ProjectileMap::Range) {
    data->setSize(q_heights_, q_angles_);
    data->setRange(QCPRange(0.0, projectile::kMaxHeight), QCPRange(-90.0, 90.0));
    for (int i = 0; i < q_heights_; ++i)
      for (int j = 0; j < q_angles_; ++j) {
        double h = 0, deg = 0;
        data->cellToCoord(i, j, &h, &deg);
        const double q = q_grid_[i * q_angles_ + j];
        const double value = error ? q - projectile::range(h, deg / kDegPerRad, speed_) : q;
        data->setCell(i, j, value);
        largest = std::max(largest, std::abs(value));
      }
    title_->setText(error ? QString("Critic error Q − R(h, θ) of %1 (m)").arg(q_run_)
                          : QString("Learned Q(h, θ) of %1").arg(q_run_));
    range_scale_->setLabel(error ? "Q − R (m)" : "Q");
  } else {
    const int angle_cells = int(std::lround((max_deg_ - min_deg_) * 2)) + 1;  // 0.5 degree cells
    data->setSize(kHeightCells, angle_cells);
    data->setRange(QCPRange(0.0, projectile::kMaxHeight), QCPRange(min_deg_, max_deg_));
    for (int i = 0; i < kHeightCells; ++i) {
      for (int j = 0; j < angle_cells; ++j) {
        double h = 0, deg = 0;
        data->cellToCoord(i, j, &h, &deg);
        data->setCell(i, j, projectile::range(h, deg / kDegPerRad, speed_));
      }
    }
    title_->setText("Reward landscape R(h, θ)");
    range_scale_->setLabel("range (m)");
  }
  range_scale_->setGradient(error ? QCPColorGradient(QCPColorGradient::gpPolar) : landscapeGradient());
  if (error) {  // symmetric about 0, which is black: the critic is right there
    landscape_->setDataRange(QCPRange(-std::max(largest, 1e-9), std::max(largest, 1e-9)));
  } else {
    landscape_->rescaleDataRange(true);
  }
  top_->xAxis->setRange(0.0, projectile::kMaxHeight);
  top_->yAxis->setRange(min_deg_, max_deg_);
  top_->replot(QCustomPlot::rpQueuedReplot);
}

void ProjectileView::setLearnedQ(const QString& run, int heights, int angles, const QVector<double>& q) {
  if (heights < 2 || angles < 2 || q.size() != qsizetype(heights) * angles) return;
  q_grid_ = q;
  q_heights_ = heights;
  q_angles_ = angles;
  q_run_ = run;
  if (auto* items = qobject_cast<QStandardItemModel*>(map_combo_->model()))
    for (int i : {1, 2}) items->item(i)->setEnabled(true);
  setColourMap(map_);  // a map asked for before the Q arrived shows now, and the chooser says so
}

void ProjectileView::setColourMap(ProjectileMap map) {
  map_ = map;
  {
    const QSignalBlocker block(map_combo_);
    map_combo_->setCurrentIndex(int(colourMap()));
  }
  fillLandscape();
}

void ProjectileView::setAngleRange(double minDeg, double maxDeg) {
  min_deg_ = minDeg;
  max_deg_ = maxDeg;
  const QSignalBlocker block(angle_combo_);
  angle_combo_->setCurrentIndex(minDeg < 0 ? 0 : 1);
  fillLandscape();
}

void ProjectileView::updateOptimalCurve() {
  QVector<double> hs(kHeightCells), degs(kHeightCells);
  for (int i = 0; i < kHeightCells; ++i) {
    hs[i] = projectile::kMaxHeight * i / (kHeightCells - 1);
    degs[i] = projectile::optimal_angle(hs[i], speed_) * kDegPerRad;
  }
  optimal_->setData(hs, degs, true);
}

void ProjectileView::setDataPoints(const QVector<double>& heights, const QVector<double>& anglesDeg,
                                   const QVector<double>& weights) {
  if (heights.size() != anglesDeg.size() || (!weights.isEmpty() && weights.size() != heights.size())) {
    qWarning("ProjectileView::setDataPoints: sizes differ; points ignored");
    return;
  }
  clearDataGraphs();
  const bool weighted = !weights.isEmpty();
  const int bins = weighted ? kWeightBins : 1;
  double lo = 0, hi = 1;
  if (weighted && !weights.isEmpty()) {
    const auto [mn, mx] = std::minmax_element(weights.cbegin(), weights.cend());
    lo = *mn;
    hi = *mx > *mn ? *mx : *mn + 1.0;
  }
  QVector<QVector<double>> bx(bins), by(bins);
  for (qsizetype i = 0; i < heights.size(); ++i) {
    const int b = weighted ? std::clamp(int((weights[i] - lo) / (hi - lo) * bins), 0, bins - 1) : 0;
    bx[b].append(heights[i]);
    by[b].append(anglesDeg[i]);
  }
  QCPColorGradient gradient = weightGradient();  // color() is not const in QCustomPlot 2.1
  for (int b = 0; b < bins; ++b) {  // low weights first, so the trusted samples draw on top
    QCPGraph* g = top_->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setAdaptiveSampling(false);
    const QColor fill = weighted ? QColor(gradient.color(b + 0.5, QCPRange(0, bins)))
                                 : QColor(250, 250, 250, 150);
    const QPen outline = weighted ? QPen(fill.darker(140), 0.5) : QPen(QColor(0, 0, 0, 110), 0.5);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, outline, fill, 4.0));
    g->setLayer("data");  // between the landscape and the curves
    g->setData(bx[b], by[b]);
    g->setName("data");
    if (weighted || bx[b].isEmpty()) g->removeFromLegend();
    data_graphs_.append(g);
  }
  weight_scale_->setVisible(weighted);
  if (weighted) {
    weight_scale_->setDataRange(QCPRange(lo, hi));
    if (!weight_scale_->layout()) top_->plotLayout()->addElement(1, 2, weight_scale_);
  } else if (weight_scale_->layout()) {
    top_->plotLayout()->take(weight_scale_);
    top_->plotLayout()->simplify();
  }
  top_->replot(QCustomPlot::rpQueuedReplot);
}

void ProjectileView::clearDataGraphs() {
  for (QCPGraph* g : data_graphs_) top_->removeGraph(g);
  data_graphs_.clear();
}

void ProjectileView::setDataCategories(const QVector<double>& heights, const QVector<double>& anglesDeg,
                                       const QVector<int>& labels, const QStringList& names,
                                       const QList<QColor>& colours) {
  if (heights.size() != anglesDeg.size() || labels.size() != heights.size()) {
    qWarning("ProjectileView::setDataCategories: sizes differ; points ignored");
    return;
  }
  clearDataGraphs();
  const qsizetype groups = names.size() + 1;  // the last: labels outside the names
  QVector<QVector<double>> bx(groups), by(groups);
  for (qsizetype i = 0; i < heights.size(); ++i) {
    const qsizetype g = labels[i] >= 0 && labels[i] < names.size() ? labels[i] : names.size();
    bx[g].append(heights[i]);
    by[g].append(anglesDeg[i]);
  }
  for (qsizetype g = groups - 1; g >= 0; --g) {  // the first category draws on top
    if (bx[g].isEmpty()) continue;
    const QColor fill = g >= names.size() ? QColor(160, 160, 160) : g < colours.size() ? colours[g] : paletteColor(int(g) + 4);
    QCPGraph* graph = top_->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setAdaptiveSampling(false);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(fill.darker(150), 0.5), fill, 4.0));
    graph->setLayer("data");
    graph->setData(bx[g], by[g]);
    graph->setName(g < names.size() ? names[g] : QString("other"));
    data_graphs_.append(graph);
  }
  weight_scale_->setVisible(false);
  if (weight_scale_->layout()) {
    top_->plotLayout()->take(weight_scale_);
    top_->plotLayout()->simplify();
  }
  top_->replot(QCustomPlot::rpQueuedReplot);
}

void ProjectileView::setOutOfData(const QVector<double>& heights, const QVector<double>& anglesDeg) {
  if (heights.isEmpty() || heights.size() != anglesDeg.size()) {
    if (out_of_data_) out_of_data_->setVisible(false);
    top_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  constexpr int kH = 41, kA = 181;  // 0.25 m x 1 degree cells over [0, 10] m x [-90, 90] degrees
  constexpr double kNearH = 0.5, kNearDeg = 4.0;
  if (!out_of_data_) {
    top_->addLayer("outOfData", top_->layer("data"), QCustomPlot::limBelow);
    out_of_data_ = new QCPColorMap(top_->xAxis, top_->yAxis);
    out_of_data_->setLayer("outOfData");
    out_of_data_->setInterpolate(false);
    QCPColorGradient grey;
    grey.setColorStopAt(0.0, QColor(0, 0, 0, 0));
    grey.setColorStopAt(1.0, QColor(90, 90, 90, 170));
    grey.setLevelCount(2);
    out_of_data_->setGradient(grey);
    out_of_data_->setDataRange(QCPRange(0, 1));
    out_of_data_->removeFromLegend();
  }
  out_of_data_->data()->setSize(kH, kA);
  out_of_data_->data()->setRange(QCPRange(0, projectile::kMaxHeight), QCPRange(-90, 90));
  // Mark the cells near each throw, then grey the others.
  QVector<char> near(kH * kA, 0);
  const double dh = projectile::kMaxHeight / (kH - 1), da = 180.0 / (kA - 1);
  for (qsizetype i = 0; i < heights.size(); ++i) {
    const int h0 = std::max(0, int(std::ceil((heights[i] - kNearH) / dh))), h1 = std::min(kH - 1, int(std::floor((heights[i] + kNearH) / dh)));
    const int a0 = std::max(0, int(std::ceil((anglesDeg[i] - kNearDeg + 90) / da))), a1 = std::min(kA - 1, int(std::floor((anglesDeg[i] + kNearDeg + 90) / da)));
    for (int h = h0; h <= h1; ++h)
      for (int a = a0; a <= a1; ++a) near[h * kA + a] = 1;
  }
  for (int h = 0; h < kH; ++h)
    for (int a = 0; a < kA; ++a) out_of_data_->data()->setCell(h, a, near[h * kA + a] ? 0.0 : 1.0);
  out_of_data_->setVisible(true);
  top_->replot(QCustomPlot::rpQueuedReplot);
}

void ProjectileView::setOutOfDataShown(bool shown) {
  if (!out_of_data_ || out_of_data_->visible() == shown) return;
  out_of_data_->setVisible(shown);
  top_->replot(QCustomPlot::rpQueuedReplot);
}

double ProjectileView::outOfDataShare() const {
  if (!out_of_data_ || !out_of_data_->visible()) return 0.0;
  const int kh = out_of_data_->data()->keySize(), ka = out_of_data_->data()->valueSize();
  int grey = 0;
  for (int h = 0; h < kh; ++h)
    for (int a = 0; a < ka; ++a) grey += out_of_data_->data()->cell(h, a) > 0.5 ? 1 : 0;
  return double(grey) / double(std::max(1, kh * ka));
}

bool ProjectileView::isOutOfData(double h, double thetaDeg) const {
  return out_of_data_ && out_of_data_->visible() && out_of_data_->data()->data(h, thetaDeg) > 0.5;
}

int ProjectileView::dataPointCount() const {
  int n = 0;
  for (const QCPGraph* g : data_graphs_) n += g->dataCount();
  return n;
}

void ProjectileView::setRunAngles(const QString& name, const QVector<double>& heights,
                                  const QVector<double>& anglesDeg) {
  if (heights.size() != anglesDeg.size()) {
    qWarning("ProjectileView::setRunAngles(%s): sizes differ; run ignored", qPrintable(name));
    return;
  }
  auto it = runs_.find(name);
  if (it == runs_.end()) {
    Run run;
    run.color = paletteColor(int(runs_.size()) + 1);  // palette 0 (blue) clashes with the map
    run.curve = top_->addGraph();
    run.curve->setPen(QPen(run.color, 2.4));
    run.curve->setName(name);
    run.arc = new QCPCurve(arcs_->xAxis, arcs_->yAxis);
    run.arc->setPen(QPen(run.color, 2.0));
    it = runs_.insert(name, run);
  }
  it->heights = heights;
  it->angles = anglesDeg;
  it->curve->setData(heights, anglesDeg);
  top_->replot(QCustomPlot::rpQueuedReplot);
  updateArcs();
}

void ProjectileView::removeRun(const QString& name) {
  auto it = runs_.find(name);
  if (it == runs_.end()) return;
  top_->removeGraph(it->curve);
  arcs_->removePlottable(it->arc);
  runs_.erase(it);
  top_->replot(QCustomPlot::rpQueuedReplot);
  updateArcs();
}

QCPGraph* ProjectileView::runCurve(const QString& name) const {
  auto it = runs_.find(name);
  return it == runs_.end() ? nullptr : it->curve;
}

QCPCurve* ProjectileView::arcCurve(const QString& name) const {
  if (name == kOptimum) return optimal_arc_;
  auto it = runs_.find(name);
  return it == runs_.end() ? nullptr : it->arc;
}

double angleAtHeight(const QVector<double>& hs, const QVector<double>& as, double h) {
  if (hs.isEmpty()) return std::nan("");
  if (h <= hs.front()) return as.front();
  if (h >= hs.back()) return as.back();
  const qsizetype j = std::upper_bound(hs.cbegin(), hs.cend(), h) - hs.cbegin();
  const double t = (h - hs[j - 1]) / (hs[j] - hs[j - 1]);
  return as[j - 1] + t * (as[j] - as[j - 1]);
}

double ProjectileView::runAngleAt(const QString& name, double h) const {
  const auto it = runs_.find(name);
  return it == runs_.end() ? std::nan("") : angleAtHeight(it->heights, it->angles, h);
}

void ProjectileView::setArcHeight(double h) {
  arc_height_ = std::clamp(h, 0.0, projectile::kMaxHeight);
  const QSignalBlocker block(height_slider_);
  height_slider_->setValue(int(std::lround(arc_height_ * 10)));
  height_label_->setText(QString("h = %1 m").arg(arc_height_, 0, 'f', 1));
  height_marker_->point1->setCoords(arc_height_, 0);
  height_marker_->point2->setCoords(arc_height_, 1);
  top_->replot(QCustomPlot::rpQueuedReplot);
  updateArcs();
}

void ProjectileView::setFollowPointer(bool on) {
  follow_pointer_ = on;
  if (on) top_->setMouseTracking(true);  // moves without a button pressed reach mouseMove
  if (!on && pointer_arc_) {
    arcs_->removePlottable(pointer_arc_);
    pointer_arc_ = nullptr;
    pointer_deg_ = std::numeric_limits<double>::quiet_NaN();
    arcs_->replot(QCustomPlot::rpQueuedReplot);
  }
}

void ProjectileView::setPointerThrow(double h, double thetaDeg) {
  if (!pointer_arc_) {
    pointer_arc_ = new QCPCurve(arcs_->xAxis, arcs_->yAxis);
    pointer_arc_->setPen(QPen(QColor(120, 120, 120), 2.0, Qt::DotLine));
  }
  pointer_deg_ = std::clamp(thetaDeg, -90.0, 90.0);
  setArcHeight(h);  // redraws every arc at that height, the pointer's too
}

void ProjectileView::setArc(QCPCurve* arc, double thetaDeg, const QString& label) {
  QVector<double> t, x, y;
  const auto points = projectile::flight_arc(arc_height_, thetaDeg / kDegPerRad, speed_);
  for (size_t i = 0; i < points.size(); ++i) {
    t.append(double(i));
    x.append(points[i].first);
    y.append(points[i].second);
  }
  arc->setData(t, x, y, true);
  const double range = projectile::range(arc_height_, thetaDeg / kDegPerRad, speed_);
  arc->setName(QString("%1: θ = %2°, %3 m").arg(label).arg(thetaDeg, 0, 'f', 1).arg(range, 0, 'f', 2));
}

void ProjectileView::updateArcs() {
  setArc(optimal_arc_, projectile::optimal_angle(arc_height_, speed_) * kDegPerRad, "optimum");
  for (auto it = runs_.begin(); it != runs_.end(); ++it)
    setArc(it->arc, runAngleAt(it.key(), arc_height_), it.key());
  if (pointer_arc_) setArc(pointer_arc_, pointer_deg_, "under the mouse");
  arcs_->rescaleAxes();
  const QCPRange x = arcs_->xAxis->range(), y = arcs_->yAxis->range();
  arcs_->xAxis->setRange(std::min(0.0, x.lower), x.upper + std::max(0.5, x.size() * 0.04));
  arcs_->yAxis->setRange(0.0, y.upper + std::max(0.5, y.size() * 0.08));
  arcs_->replot(QCustomPlot::rpQueuedReplot);
}

bool ProjectileView::saveCurvesCsv(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << "curve,height_m,angle_deg\n";
  for (auto p = optimal_->data()->constBegin(); p != optimal_->data()->constEnd(); ++p)
    out << kOptimum << ',' << p->key << ',' << p->value << '\n';
  for (auto it = runs_.cbegin(); it != runs_.cend(); ++it)
    for (qsizetype i = 0; i < it->heights.size(); ++i)
      out << csvField(it.key()) << ',' << it->heights[i] << ',' << it->angles[i] << '\n';
  out.flush();
  return file.error() == QFileDevice::NoError;
}

bool ProjectileView::saveArcsCsv(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << "curve,x_m,y_m\n";
  const auto write = [&](const QString& name, const QCPCurve* arc) {
    for (auto p = arc->data()->constBegin(); p != arc->data()->constEnd(); ++p)
      out << csvField(name) << ',' << p->key << ',' << p->value << '\n';
  };
  write(kOptimum, optimal_arc_);
  for (auto it = runs_.cbegin(); it != runs_.cend(); ++it) write(it.key(), it->arc);
  out.flush();
  return file.error() == QFileDevice::NoError;
}

bool ProjectileView::exportTo(const QString& path, bool arcs, int width, int height) {
  if (QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0)
    return arcs ? saveArcsCsv(path) : saveCurvesCsv(path);
  return savePlotImage(arcs ? arcs_ : top_, path, width, height);
}

}  // namespace vaco::ui
