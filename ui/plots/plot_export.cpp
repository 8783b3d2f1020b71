#include "ui/plots/plot_export.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSvgGenerator>

namespace vaco::ui {

namespace {

// Turns adaptive sampling off on every graph for the lifetime of the guard.
class FullSamplingGuard {
 public:
  explicit FullSamplingGuard(QCustomPlot* plot) {
    for (int i = 0; i < plot->graphCount(); ++i) {
      QCPGraph* g = plot->graph(i);
      if (g->adaptiveSampling()) {
        g->setAdaptiveSampling(false);
        restored_.append(g);
      }
    }
  }
  ~FullSamplingGuard() {
    for (QCPGraph* g : restored_) g->setAdaptiveSampling(true);
  }

 private:
  QList<QCPGraph*> restored_;
};

}  // namespace

bool savePlotSvg(QCustomPlot* plot, const QString& path, int width, int height) {
  const int w = width > 0 ? width : plot->width();
  const int h = height > 0 ? height : plot->height();
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(QSize(w, h));
  svg.setViewBox(QRect(0, 0, w, h));
  svg.setTitle(QFileInfo(path).completeBaseName());
  QCPPainter painter;
  if (!painter.begin(&svg)) return false;
  plot->toPainter(&painter, w, h);
  return painter.end();
}

bool savePlotImage(QCustomPlot* plot, const QString& path, int width, int height) {
  FullSamplingGuard guard(plot);
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "png") return plot->savePng(path, width, height);
  if (suffix == "svg") return savePlotSvg(plot, path, width, height);
  if (suffix == "pdf") return plot->savePdf(path, width, height, QCP::epNoCosmetic, "VACO Studio");
  return false;
}

QString csvField(const QString& text) {
  if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) return text;
  QString quoted = text;
  quoted.replace("\"", "\"\"");
  return '"' + quoted + '"';
}

void installExportMenu(QCustomPlot* plot, std::function<bool(const QString&)> saveCsv,
                       std::function<void()> resetView) {
  plot->setContextMenuPolicy(Qt::CustomContextMenu);
  QObject::connect(plot, &QWidget::customContextMenuRequested, plot,
                   [plot, saveCsv, resetView](const QPoint& pos) {
    QMenu menu(plot);
    if (resetView) menu.addAction("Reset view", resetView);
    menu.addAction("Export image (PNG, SVG, PDF)...", [plot] {
      const QString dir = QSettings().value("export/dir").toString();
      const QString path = QFileDialog::getSaveFileName(
          plot, "Export plot", dir, "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)");
      if (path.isEmpty()) return;
      QSettings().setValue("export/dir", QFileInfo(path).absolutePath());
      if (!savePlotImage(plot, path))
        QMessageBox::warning(plot, "Export failed", "Could not write " + path +
                                                        " (use a .png, .svg or .pdf name).");
    });
    if (saveCsv) {
      menu.addAction("Export data (CSV)...", [plot, saveCsv] {
        const QString dir = QSettings().value("export/dir").toString();
        const QString path = QFileDialog::getSaveFileName(plot, "Export data", dir, "CSV (*.csv)");
        if (path.isEmpty()) return;
        QSettings().setValue("export/dir", QFileInfo(path).absolutePath());
        if (!saveCsv(path)) QMessageBox::warning(plot, "Export failed", "Could not write " + path);
      });
    }
    menu.exec(plot->mapToGlobal(pos));
  });
}

}  // namespace vaco::ui
