// The chart of a grid report (`vaco grid report`'s report.png): grouped bars of the final
// normalized score, datasets along x, one bar per algorithm, error bars of ± std over seeds.
// The interface is Qt-free, so the Qt-free CLI can call it when the GUI is built.
#pragma once
#include <string>

#include "core/train/grid_report.h"

class QCustomPlot;

namespace vaco::ui {

/// Draws the report's final scores into `plot` (clearing what it held).
void drawGridReport(QCustomPlot* plot, const train::GridReport& report);

/// Writes the chart to `path` as PNG. Without a running Qt application it makes one with the
/// offscreen platform for the call. Returns false with `error` set when the file cannot be written.
bool saveGridReportPng(const train::GridReport& report, const std::string& path, std::string* error = nullptr);

}  // namespace vaco::ui
