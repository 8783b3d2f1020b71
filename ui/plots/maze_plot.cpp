#include "ui/plots/maze_plot.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

namespace vaco::ui {

namespace {
const QColor kWall(178, 128, 77);  // the walls' colour in both AntMaze models
const QColor kReached(44, 160, 44), kMissed(214, 39, 40);
}  // namespace

MazePlot::MazePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  applyPlotStyle(plot_);
  addPlotTitle(plot_, "Maze from above");
  plot_->xAxis->setLabel("x (m)");
  plot_->yAxis->setLabel("y (m)");
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMinimumSize(260, 220);
  scale_ = new QCPColorScale(plot_);
  scale_->setType(QCPAxis::atRight);
  scale_->setGradient(QCPColorGradient::gpThermal);
  scale_->setVisible(false);
  plot_->plotLayout()->addElement(1, 1, scale_);
  shown_ = new QCPCurve(plot_->xAxis, plot_->yAxis);
  shown_->setPen(QPen(QColor(20, 20, 20), 2.5));
  shown_->removeFromLegend();
  cursor_ = plot_->addGraph();
  cursor_->setLineStyle(QCPGraph::lsNone);
  cursor_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 119, 180), QColor(31, 119, 180), 10));
  cursor_->removeFromLegend();
  goal_ = plot_->addGraph();
  goal_->setLineStyle(QCPGraph::lsNone);
  goal_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(214, 39, 40), QColor(214, 39, 40), 16));
  goal_->removeFromLegend();
  for (auto [graph, colour] : {std::pair{&reachedEnds_, kReached}, std::pair{&missedEnds_, kMissed}}) {
    *graph = plot_->addGraph();
    (*graph)->setLineStyle(QCPGraph::lsNone);
    (*graph)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour.darker(140), colour, 9));
    (*graph)->removeFromLegend();
  }
  policyGoals_ = plot_->addGraph();
  policyGoals_->setLineStyle(QCPGraph::lsNone);
  policyGoals_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(90, 90, 90), 8));
  policyGoals_->removeFromLegend();
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });
  installExportMenu(plot_, {}, [this] { resetView(); });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
}

void MazePlot::setWalls(const QVector<QRectF>& walls) {
  plot_->clearItems();
  walls_ = walls;
  for (const QRectF& w : walls_) {
    auto* rect = new QCPItemRect(plot_);
    rect->topLeft->setCoords(w.left(), w.bottom());
    rect->bottomRight->setCoords(w.right(), w.top());
    rect->setPen(QPen(kWall.darker(130)));
    rect->setBrush(kWall);
    rect->setLayer("background");
  }
  resetView();
}

void MazePlot::setPaths(const QVector<QPolygonF>& paths) {
  for (QCPCurve* c : paths_) plot_->removePlottable(c);
  paths_.clear();
  highlighted_ = -1;
  shown_->data()->clear();
  for (const QPolygonF& path : paths) {
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    curve->removeFromLegend();
    QVector<double> xs, ys;
    for (const QPointF& p : path) xs << p.x(), ys << p.y();
    curve->setData(xs, ys);
    paths_ << curve;
  }
  colourPaths({}, {});
  for (QCPAbstractPlottable* p : std::initializer_list<QCPAbstractPlottable*>{shown_, cursor_, goal_, reachedEnds_, missedEnds_, policyGoals_})
    p->setLayer("overlay");
  for (QCPCurve* c : policyPaths_) c->setLayer("overlay");
}

void MazePlot::setPolicyPaths(const QVector<QPolygonF>& paths, const QVector<bool>& reached, const QVector<QPointF>& goals) {
  for (QCPCurve* c : policyPaths_) plot_->removePlottable(c);
  policyPaths_.clear();
  QVector<double> rx, ry, mx, my;
  for (qsizetype i = 0; i < paths.size(); ++i) {
    const bool hit = i < reached.size() && reached[i];
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    curve->removeFromLegend();
    curve->setLayer("overlay");
    curve->setPen(QPen(hit ? kReached : kMissed, 1.8));
    QVector<double> xs, ys;
    for (const QPointF& p : paths[i]) xs << p.x(), ys << p.y();
    curve->setData(xs, ys);
    if (!paths[i].isEmpty()) {
      const QPointF end = paths[i].last();
      (hit ? rx : mx) << end.x();
      (hit ? ry : my) << end.y();
    }
    policyPaths_ << curve;
  }
  reachedEnds_->setData(rx, ry);
  missedEnds_->setData(mx, my);
  QVector<double> gx, gy;
  for (const QPointF& g : goals) gx << g.x(), gy << g.y();
  policyGoals_->setData(gx, gy);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MazePlot::colourPaths(const QVector<double>& values, const QString& valueName) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (!(lo <= hi)) lo = hi = 0.0;
  if (hi == lo) hi = lo + 1.0;
  scale_->setDataRange(QCPRange(lo, hi));
  scale_->axis()->setLabel(valueName);
  scale_->setVisible(!paths_.isEmpty() && !valueName.isEmpty());
  QCPColorGradient gradient = scale_->gradient();
  for (qsizetype i = 0; i < paths_.size(); ++i) {
    const bool valued = i < values.size() && std::isfinite(values[i]);
    QColor color = valued ? QColor::fromRgb(gradient.color(values[i], QCPRange(lo, hi))) : QColor(160, 160, 160);
    color.setAlpha(150);
    paths_[i]->setPen(QPen(color, 1.0));
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString MazePlot::valueName() const { return scale_->axis()->label(); }

void MazePlot::highlightPath(int index) {
  highlighted_ = index >= 0 && index < paths_.size() ? index : -1;
  shown_->data()->clear();
  if (highlighted_ >= 0) {
    QVector<double> xs, ys;
    for (const QCPCurveData& p : *paths_[highlighted_]->data()) xs << p.key, ys << p.value;
    shown_->setData(xs, ys);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MazePlot::setCursor(QPointF xy) {
  cursor_->setData({xy.x()}, {xy.y()});
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MazePlot::setGoal(QPointF xy) {
  if (std::isnan(xy.x()) || std::isnan(xy.y())) {
    goal_->data()->clear();
  } else {
    goal_->setData({xy.x()}, {xy.y()});
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MazePlot::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  resetView();
}

void MazePlot::resetView() {
  QRectF all;
  for (const QRectF& w : walls_) all = all.isNull() ? w : all.united(w);
  if (all.isNull()) all = QRectF(-1, -1, 2, 2);
  plot_->xAxis->setRange(all.left() - 0.5, all.right() + 0.5);
  plot_->yAxis->setRange(all.top() - 0.5, all.bottom() + 0.5);
  // Equal metres per pixel: the axis with room to spare widens around its centre.
  const QRect r = plot_->axisRect()->rect();
  if (r.width() > 0 && r.height() > 0) plot_->yAxis->setScaleRatio(plot_->xAxis, 1.0);
  if (plot_->yAxis->range().size() < all.height() + 1.0) {
    plot_->yAxis->setRange(all.top() - 0.5, all.bottom() + 0.5);
    plot_->xAxis->setScaleRatio(plot_->yAxis, 1.0);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace vaco::ui
