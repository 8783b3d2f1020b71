#include "ui/plots/grid_report_plot.h"

#include <qcustomplot.h>

#include <QApplication>
#include <algorithm>
#include <cmath>
#include <memory>

#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

namespace vaco::ui {

void drawGridReport(QCustomPlot* plot, const train::GridReport& report) {
  plot->clearPlottables();
  plot->clearItems();
  applyPlotStyle(plot);
  const int groups = int(report.datasets.size()), bars = std::max<int>(1, int(report.labels.size()));
  const double width = 0.7 / bars;
  auto* group = new QCPBarsGroup(plot);
  group->setSpacingType(QCPBarsGroup::stAbsolute);
  group->setSpacing(1);
  double lo = 0, hi = 0;
  for (int b = 0; b < int(report.labels.size()); ++b) {
    const QString label = QString::fromStdString(report.labels[size_t(b)]);
    auto* bar = new QCPBars(plot->xAxis, plot->yAxis);
    bar->setName(label);
    bar->setWidth(width);
    bar->setBarsGroup(group);
    const QColor color = paletteColor(b);
    bar->setPen(QPen(color.darker(130)));
    bar->setBrush(color);
    auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->removeFromLegend();
    errors->setPen(QPen(QColor(40, 40, 40), 1.2));
    errors->setDataPlottable(bar);
    QVector<double> keys, values, stds;
    for (const train::GridReportRow& row : report.rows) {
      if (row.label != report.labels[size_t(b)] || !std::isfinite(row.final_score.mean)) continue;
      const auto at = std::find(report.datasets.begin(), report.datasets.end(), row.dataset);
      keys << double(at - report.datasets.begin());
      values << row.final_score.mean;
      stds << (std::isfinite(row.final_score.std) ? row.final_score.std : 0.0);
      lo = std::min(lo, row.final_score.mean - stds.back());
      hi = std::max(hi, row.final_score.mean + stds.back());
    }
    bar->setData(keys, values, true);
    errors->setData(stds);
  }
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int d = 0; d < groups; ++d) ticker->addTick(d, QString::fromStdString(report.datasets[size_t(d)]));
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setSubTicks(false);
  plot->xAxis->setTickLength(0, 4);
  plot->xAxis->setRange(-0.6, groups - 0.4);
  plot->yAxis->setLabel("normalized score (final), mean ± std over seeds");
  // Headroom above the tallest bar keeps the legend (top right) off the bars.
  const double span = std::max(1.0, hi - lo);
  plot->yAxis->setRange(lo < 0 ? lo - 0.08 * span : 0, hi + 0.25 * span);
  plot->xAxis->grid()->setVisible(false);
  plot->legend->setVisible(!report.labels.empty());
}

bool saveGridReportPng(const train::GridReport& report, const std::string& path, std::string* error) {
  std::unique_ptr<QApplication> app;
  QtMessageHandler previous = nullptr;
  const bool headless = !QCoreApplication::instance();
  if (headless) {
    // A command-line caller: offscreen, and Qt's own chatter (e.g. about XDG_RUNTIME_DIR) stays
    // off stderr, where the CLI prints only its errors.
    previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "vaco";
    static char* argv[] = {name, nullptr};
    app = std::make_unique<QApplication>(argc, argv);
  }
  bool ok = false;
  {
    QCustomPlot plot;
    addPlotTitle(&plot, "Grid report: final normalized score");
    drawGridReport(&plot, report);
    const int width = std::max(640, 160 + 60 * int(report.datasets.size() * std::max<size_t>(1, report.labels.size())));
    ok = savePlotImage(&plot, QString::fromStdString(path), width, 480);
  }
  app.reset();
  if (headless) qInstallMessageHandler(previous);  // nullptr restores Qt's default
  if (!ok && error) *error = "cannot write the image";
  return ok;
}

}  // namespace vaco::ui
