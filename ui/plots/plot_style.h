// The look shared by VACO Studio's plots: a series palette, a bold title, and axis styling.
#pragma once
#include <QColor>
#include <QString>

class QCustomPlot;
class QCPLegend;
class QCPTextElement;

namespace vaco::ui {

/// The i-th colour of a ten-colour categorical palette (cycles).
QColor paletteColor(int i);

/// Adds a bold title row above the axis rect and returns it.
QCPTextElement* addPlotTitle(QCustomPlot* plot, const QString& title);

/// Sets `text` as the title; when one line would be wider than `width` pixels, it breaks at the
/// first `breakAt` and then after the commas of the rest, as often as the width needs.
void setFittedTitle(QCPTextElement* title, const QString& text, const QString& breakAt, int width);

/// Lays the legend's items out in as many columns as fit in `width` pixels (at least one), filling
/// rows first; with room for all, one row.
void fitLegendColumns(QCPLegend* legend, int width);

/// Shows the legend in its own row under the axis rect (never over the data), in as many columns
/// as the plot's width allows, or hides it and gives the row back.
void showLegendBelow(QCustomPlot* plot, bool shown);

/// Light grid, a framed semi-transparent legend in the top-right corner, a little margin.
void applyPlotStyle(QCustomPlot* plot);

}  // namespace vaco::ui
