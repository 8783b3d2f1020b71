#include "ui/plots/weight_strip_plot.h"

#include <qcustomplot.h>

#include <algorithm>
#include <numeric>

#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QStackedLayout>
#include <QTextStream>

#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

namespace vaco::ui {

namespace {
const QString kBaseTitle = "Weight per step (one trajectory)";
}  // namespace

WeightStripPlot::WeightStripPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  applyPlotStyle(plot_);
  title_ = addPlotTitle(plot_, kBaseTitle);
  plot_->xAxis->setLabel("time step");
  QSharedPointer<QCPAxisTickerFixed> whole_steps(new QCPAxisTickerFixed);
  whole_steps->setTickStep(1.0);
  whole_steps->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot_->xAxis->setTicker(whole_steps);
  plot_->yAxis->setLabel("weight");
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMinimumSize(320, 160);
  graph_ = plot_->addGraph();
  graph_->removeFromLegend();
  // The mean weight of a sample (weights are normalized to mean 1 per batch), for reference.
  auto* one = new QCPItemStraightLine(plot_);
  one->point1->setCoords(0, 1);
  one->point2->setCoords(1, 1);
  one->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });
  installExportMenu(plot_, [this](const QString& path) { return saveCsv(path); }, [this] { resetView(); });

  hint_ = new QLabel(this);
  hint_->setAlignment(Qt::AlignCenter);
  hint_->setStyleSheet("color: #666;");
  stack_ = new QStackedLayout(this);
  stack_->setContentsMargins(0, 0, 0, 0);
  stack_->addWidget(plot_);
  stack_->addWidget(hint_);
  showHint("No snapshot yet.");
}

void WeightStripPlot::setTrajectory(int index, const QVector<double>& weights, double ret, const QString& label,
                                    const QColor& color) {
  index_ = index;
  weights_ = weights;
  return_ = ret;
  label_ = label;
  QVector<double> steps(weights.size());
  std::iota(steps.begin(), steps.end(), 0.0);
  graph_->setData(steps, weights_, true);
  graph_->setPen(QPen(color, 1.5));
  // Short trajectories (one-step projectile throws) show their points too.
  graph_->setScatterStyle(weights.size() <= 60 ? QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 5)
                                                : QCPScatterStyle(QCPScatterStyle::ssNone));
  fitTitle();
  hint_->clear();
  stack_->setCurrentWidget(plot_);
  resetView();
}

void WeightStripPlot::showHint(const QString& text) {
  index_ = -1;
  weights_.clear();
  graph_->data()->clear();
  title_->setText(kBaseTitle);
  hint_->setText(text);
  stack_->setCurrentWidget(hint_);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void WeightStripPlot::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitTitle();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

// The title breaks after "Weight per step" when one line would be clipped.
void WeightStripPlot::fitTitle() { setFittedTitle(title_, titleText(), " — ", std::max(1, width() - 20)); }

QString WeightStripPlot::titleText() const {
  if (index_ < 0) return kBaseTitle;
  const double mean = weights_.isEmpty() ? 0.0 : std::accumulate(weights_.begin(), weights_.end(), 0.0) / weights_.size();
  QString text = QString("Weight per step — trajectory #%1: return %2").arg(index_).arg(return_, 0, 'f', 1);
  if (!label_.isEmpty()) text += ", " + label_;
  return text + QString(", mean %1").arg(mean, 0, 'f', 3);
}

QString WeightStripPlot::hintText() const { return index_ < 0 ? hint_->text() : QString(); }

void WeightStripPlot::resetView() {
  plot_->rescaleAxes();
  const QCPRange r = plot_->yAxis->range();
  const double lo = std::min(r.lower, 1.0), hi = std::max(r.upper, 1.0);  // keep the mean-1 line in view
  const double pad = hi > lo ? (hi - lo) * 0.08 : 0.5;
  plot_->yAxis->setRange(lo - pad, hi + pad);
  const QCPRange x = plot_->xAxis->range();
  plot_->xAxis->setRange(x.lower - 0.5, x.upper + 0.5);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool WeightStripPlot::saveCsv(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << "step,weight\n";
  for (qsizetype i = 0; i < weights_.size(); ++i) out << i << ',' << QString::number(weights_[i], 'g', 9) << '\n';
  out.flush();
  return file.error() == QFileDevice::NoError;
}

bool WeightStripPlot::exportTo(const QString& path, int width, int height) {
  if (QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0) return saveCsv(path);
  return savePlotImage(plot_, path, width, height);
}

}  // namespace vaco::ui
