// The look shared by VACO Studio's plots: a series palette, a bold title, and axis styling.
#pragma once
#include <QColor>
#include <QString>

class QCustomPlot;
class QCPTextElement;

namespace vaco::ui {

/// The i-th colour of a ten-colour categorical palette (cycles).
QColor paletteColor(int i);

/// Adds a bold title row above the axis rect and returns it.
QCPTextElement* addPlotTitle(QCustomPlot* plot, const QString& title);

/// Light grid, a framed semi-transparent legend in the top-right corner, a little margin.
void applyPlotStyle(QCustomPlot* plot);

}  // namespace vaco::ui
