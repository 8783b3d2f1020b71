// Saving a QCustomPlot as PNG, SVG or PDF, and the right-click export menu every plot shares.
#pragma once
#include <functional>

#include <QString>

class QCustomPlot;

namespace vaco::ui {

/// Writes `plot` to `path` in the format its suffix names (png, svg, pdf); 0 keeps the
/// widget's size. Adaptive sampling is off while saving, so scatters keep every point.
bool savePlotImage(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);

/// Writes `plot` as SVG through QSvgGenerator.
bool savePlotSvg(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);

/// Adds a context menu to `plot`: export image (PNG/SVG/PDF), export data as CSV (when
/// `saveCsv` is given) and reset view (when `resetView` is given).
void installExportMenu(QCustomPlot* plot, std::function<bool(const QString&)> saveCsv,
                       std::function<void()> resetView = {});

/// Quotes a CSV field when it holds a comma, quote or newline.
QString csvField(const QString& text);

}  // namespace vaco::ui
