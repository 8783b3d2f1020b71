#include "ui/plots/weight_scatter_plot.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>
#include <span>

#include <QFile>
#include <QFileInfo>
#include <QFontMetrics>
#include <QResizeEvent>
#include <QTextStream>
#include <QVBoxLayout>

#include "core/analysis/pearson.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

namespace vaco::ui {

namespace {
QString baseTitle(WeightScatterPlot::Mode mode) {
  switch (mode) {
    case WeightScatterPlot::Mode::PerSample: return "Meta-weight vs Q (per sample)";
    case WeightScatterPlot::Mode::PerTrajectory: return "Mean weight vs return (per trajectory)";
    case WeightScatterPlot::Mode::Critic: return "Critic: Q vs observed return-to-go (per sample)";
  }
  return {};
}

// The axis titles: x, then y.
std::pair<QString, QString> axisTitles(WeightScatterPlot::Mode mode) {
  switch (mode) {
    case WeightScatterPlot::Mode::PerSample: return {"Q(s, a)", "meta-weight w(s, a)"};
    case WeightScatterPlot::Mode::PerTrajectory: return {"trajectory return", "mean weight"};
    case WeightScatterPlot::Mode::Critic: return {"discounted return-to-go in the data", "Q(s, a)"};
  }
  return {};
}

// How to read the plot's Pearson r (the widget's tooltip).
QString readingGuide(WeightScatterPlot::Mode mode) {
  if (mode == WeightScatterPlot::Mode::Critic)
    return "Pearson r between each probe sample's Q and the discounted return that followed it in\n"
           "its recorded episode (the critic's γ; cut where the episode ends in the file).\n"
           "r near 1: the critic ranks samples as the data's own returns do, so weights built on it\n"
           "can be trusted. A low r: the critic is not yet right (too few value steps, or values\n"
           "of actions the data never tried); check it before reading the weights.";
  return mode == WeightScatterPlot::Mode::PerSample
             ? "Pearson r between each probe sample's weight and its Q.\n"
               "r > 0: the weighting trusts the samples the critic values more.\n"
               "r near 0 or r < 0: the weights do not follow Q alone. Q mostly ranks states, so a\n"
               "weighting that compares actions within a state (VACO's diagonal form, IQL's advantage)\n"
               "shows a weak r here even when it works; read the per-trajectory plot beside it."
             : "Pearson r between each probed episode's mean weight and its return.\n"
               "r > 0: the better episodes get more weight (the paper reports a strong r here).\n"
               "r near 0: the weights do not tell good episodes from bad ones.\n"
               "r < 0: the worse episodes weigh more; on a medium dataset of one policy this can be\n"
               "noise, on mixed data it means the weighting trusts the wrong behaviour.";
}
}  // namespace

WeightScatterPlot::WeightScatterPlot(Mode mode, QWidget* parent)
    : QWidget(parent), mode_(mode), plot_(new QCustomPlot(this)),
      r_(std::numeric_limits<double>::quiet_NaN()) {
  applyPlotStyle(plot_);
  title_ = addPlotTitle(plot_, baseTitle(mode));
  setToolTip(readingGuide(mode));
  fitToWidth();
  plot_->xAxis->setLabel(axisTitles(mode).first);
  plot_->yAxis->setLabel(axisTitles(mode).second);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMinimumSize(280, 240);
  // Label legend in one row under the axes, where it never hides a cluster of points.
  plot_->axisRect()->insetLayout()->take(plot_->legend);
  plot_->plotLayout()->addElement(2, 0, plot_->legend);
  plot_->plotLayout()->setRowStretchFactor(2, 0.001);
  plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->legend->setBrush(Qt::NoBrush);
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });
  // A click that did not drag picks the point under the mouse.
  connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { press_ = e->pos(); });
  connect(plot_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || (e->pos() - press_).manhattanLength() > 3) return;
    if (const int i = pointNear(e->position()); i >= 0) emit pointClicked(i);
  });
  plot_->addLayer("highlight", plot_->layer("main"), QCustomPlot::limAbove);
  highlight_ = plot_->addGraph();
  highlight_->setLayer("highlight");
  highlight_->setLineStyle(QCPGraph::lsNone);
  highlight_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 13));
  highlight_->removeFromLegend();
  installExportMenu(plot_, [this](const QString& path) { return saveCsv(path); },
                    [this] { resetView(); });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
}

QString WeightScatterPlot::formatR(double r) {
  return std::isnan(r) ? QString("r = n/a") : QString("r = %1").arg(r, 0, 'f', 3);
}

QString WeightScatterPlot::titleText() const {
  return QString("%1  —  Pearson %2  (n = %3)").arg(baseTitle(mode_), formatR(r_)).arg(xs_.size());
}

void WeightScatterPlot::setPoints(const QVector<double>& xs, const QVector<double>& ys,
                                  const QVector<int>& labels, const QStringList& labelNames) {
  if (xs.size() != ys.size() || (!labels.isEmpty() && labels.size() != xs.size())) {
    qWarning("WeightScatterPlot::setPoints: sizes differ; points ignored");
    return;
  }
  xs_ = xs;
  ys_ = ys;
  labels_ = labels;
  highlighted_ = -1;
  highlight_->data()->clear();
  label_names_ = labelNames;
  r_ = analysis::pearson(std::span<const double>(xs_.constData(), size_t(xs_.size())),
                         std::span<const double>(ys_.constData(), size_t(ys_.size())));

  for (QCPGraph* g : graphs_) plot_->removeGraph(g);
  graphs_.clear();
  int groups = 1;
  if (!labels_.isEmpty())
    for (int l : labels_) groups = std::max(groups, l + 1);
  QVector<QVector<double>> gx(groups), gy(groups);
  for (qsizetype i = 0; i < xs_.size(); ++i) {
    const int g = labels_.isEmpty() ? 0 : std::max(0, labels_[i]);
    gx[g].append(xs_[i]);
    gy[g].append(ys_[i]);
  }
  for (int g = 0; g < groups; ++g) {
    QCPGraph* graph = plot_->addGraph();
    const QColor color = paletteColor(g);
    graph->setLineStyle(QCPGraph::lsNone);
    QColor fill = color;
    fill.setAlpha(xs_.size() > 2000 ? 90 : 160);
    // The palette has ten colours; labels past them are triangles.
    graph->setScatterStyle(QCPScatterStyle(g < 10 ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssTriangle, fill, fill, g < 10 ? 5 : 7));
    graph->setPen(QPen(color));
    graph->setData(gx[g], gy[g]);  // sorted by QCustomPlot
    graph->setName(g < label_names_.size() ? label_names_[g] : QString("label %1").arg(g));
    if (labels_.isEmpty() || gx[g].isEmpty()) graph->removeFromLegend();
    graphs_.append(graph);
  }
  plot_->legend->setVisible(!labels_.isEmpty());
  fitToWidth();
  resetView();
}

void WeightScatterPlot::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitToWidth();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void WeightScatterPlot::fitToWidth() {
  const int width = std::max(1, this->width() - 20);
  // The title breaks after its name when one line would be clipped.
  setFittedTitle(title_, titleText(), "  —  ", width);
  // Many labels (source policies) take as many legend columns as the width holds.
  fitLegendColumns(plot_->legend, width);
}

void WeightScatterPlot::setHighlighted(int index) {
  highlighted_ = index >= 0 && index < xs_.size() ? index : -1;
  highlight_->data()->clear();
  if (highlighted_ >= 0) highlight_->addData(xs_[highlighted_], ys_[highlighted_]);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int WeightScatterPlot::pointNear(const QPointF& pixel, double radius) const {
  int best = -1;
  double best_d2 = radius * radius;
  for (qsizetype i = 0; i < xs_.size(); ++i) {
    const double dx = plot_->xAxis->coordToPixel(xs_[i]) - pixel.x();
    const double dy = plot_->yAxis->coordToPixel(ys_[i]) - pixel.y();
    if (dx * dx + dy * dy <= best_d2) {
      best_d2 = dx * dx + dy * dy;
      best = int(i);
    }
  }
  return best;
}

void WeightScatterPlot::resetView() {
  plot_->rescaleAxes();
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
    const QCPRange r = axis->range();
    const double pad = r.size() > 0 ? r.size() * 0.05 : 0.5;
    axis->setRange(r.lower - pad, r.upper + pad);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool WeightScatterPlot::saveCsv(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << (mode_ == Mode::PerSample ? "q,weight,label\n"
           : mode_ == Mode::Critic  ? "return_to_go,q,label\n"
                                    : "return,mean_weight,label\n");
  for (qsizetype i = 0; i < xs_.size(); ++i) {
    QString label;
    if (!labels_.isEmpty()) {
      const int l = labels_[i];
      label = csvField(l >= 0 && l < label_names_.size() ? label_names_[l] : QString::number(l));
    }
    out << QString::number(xs_[i], 'g', 17) << ',' << QString::number(ys_[i], 'g', 17) << ','
        << label << '\n';
  }
  out.flush();
  return file.error() == QFileDevice::NoError;
}

bool WeightScatterPlot::exportTo(const QString& path, int width, int height) {
  if (QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0) return saveCsv(path);
  return savePlotImage(plot_, path, width, height);
}

}  // namespace vaco::ui
