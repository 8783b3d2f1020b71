#include "ui/plots/histogram_plot.h"

#include <QFile>
#include <QTextStream>

#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

#include <algorithm>

namespace vaco::ui {

HistogramPlot::HistogramPlot(const QString& xLabel, QWidget* parent) : QCustomPlot(parent) {
  bars_ = new QCPBars(xAxis, yAxis);
  bars_->setPen(QPen(QColor(31, 59, 87)));
  bars_->setBrush(QColor(70, 130, 180, 200));
  xAxis->setLabel(xLabel);
  yAxis->setLabel("count");
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  installExportMenu(this, [this](const QString& path) { return saveCsv(path); }, [this] {
    rescaleAxes();
    replot();
  });
}

void HistogramPlot::setTitle(const QString& title) {
  if (!title_) title_ = addPlotTitle(this, title);
  title_->setText(title);
  replot(QCustomPlot::rpQueuedReplot);
}

QString HistogramPlot::title() const { return title_ ? title_->text() : QString(); }

bool HistogramPlot::saveCsv(const QString& path) const {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QTextStream out(&f);
  out << "bin_center,count\n";
  for (auto it = bars_->data()->constBegin(); it != bars_->data()->constEnd(); ++it)
    out << QString::number(it->key, 'g', 10) << ',' << QString::number(it->value, 'g', 10) << '\n';
  return out.status() == QTextStream::Ok;
}

void HistogramPlot::setValues(const QVector<double>& values, int bins) {
  counts_.clear();
  if (values.isEmpty() || bins < 1) {
    bars_->data()->clear();
    replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  double lo = *lo_it, hi = *hi_it;
  if (hi <= lo) hi = lo + 1.0;
  const double width = (hi - lo) / bins;
  counts_.fill(0.0, bins);
  for (double v : values) counts_[std::min(bins - 1, int((v - lo) / width))] += 1.0;
  QVector<double> centers(bins);
  for (int i = 0; i < bins; ++i) centers[i] = lo + (i + 0.5) * width;
  bars_->setWidth(width * 0.9);
  bars_->setData(centers, counts_, true);
  xAxis->setRange(lo, hi);
  yAxis->setRange(0, *std::max_element(counts_.begin(), counts_.end()) * 1.08);
  replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace vaco::ui
