#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>

namespace vaco::ui {

QColor paletteColor(int i) {
  static const QColor colors[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                  {148, 103, 189}, {140, 86, 75},  {227, 119, 194}, {127, 127, 127},
                                  {188, 189, 34},  {23, 190, 207}};
  return colors[((i % 10) + 10) % 10];
}

QCPTextElement* addPlotTitle(QCustomPlot* plot, const QString& title) {
  plot->plotLayout()->insertRow(0);
  QFont font = plot->font();
  font.setPointSizeF(font.pointSizeF() + 1);
  font.setBold(true);
  auto* text = new QCPTextElement(plot, title, font);
  plot->plotLayout()->addElement(0, 0, text);
  return text;
}

void setFittedTitle(QCPTextElement* title, const QString& text, const QString& breakAt, int width) {
  const QFontMetrics metrics(title->font());
  const qsizetype at = text.indexOf(breakAt);
  if (metrics.horizontalAdvance(text) <= width || at < 0) {
    title->setText(text);
    return;
  }
  // The head on its own line; the rest filled greedily, breaking only after its commas.
  QStringList lines{text.left(at)};
  QString line;
  for (const QString& part : text.mid(at + breakAt.size()).split(", ")) {
    const QString longer = line.isEmpty() ? part : line + ", " + part;
    if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
      lines << line + ",";
      line = part;
    } else {
      line = longer;
    }
  }
  lines << line;
  title->setText(lines.join("\n"));
}

void fitLegendColumns(QCPLegend* legend, int width) {
  int n = 0, widest = 1;  // itemCount() counts the grid's empty cells too
  for (int i = 0; i < legend->itemCount(); ++i)
    if (const QCPAbstractLegendItem* item = legend->item(i)) {
      ++n;
      widest = std::max(widest, item->minimumOuterSizeHint().width());
    }
  if (n == 0) return;
  const int room = width - legend->margins().left() - legend->margins().right() + legend->columnSpacing();
  const int columns = std::clamp(room / (widest + legend->columnSpacing()), 1, n);
  const int wrap = columns >= n ? 0 : columns;
  if (legend->wrap() == wrap && legend->columnCount() == std::min(n, columns)) return;
  legend->setWrap(wrap);
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);  // re-lays the existing items out
}

void showLegendBelow(QCustomPlot* plot, bool shown) {
  QCPLegend* legend = plot->legend;
  QCPLayoutGrid* grid = plot->plotLayout();
  if (legend->layout() && legend->layout() != grid) legend->layout()->take(legend);  // the inset corner
  const bool placed = legend->layout() == grid;
  if (shown && !placed) {
    const int row = grid->rowCount();
    grid->addElement(row, 0, legend);
    grid->setRowStretchFactor(row, 0.001);
    legend->setMargins(QMargins(4, 2, 4, 2));
  } else if (!shown && placed) {
    grid->take(legend);
    grid->simplify();
  }
  legend->setVisible(shown);
  if (shown) fitLegendColumns(legend, plot->width() - 12);
}

void applyPlotStyle(QCustomPlot* plot) {
  for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
    axis->grid()->setPen(QPen(QColor(0, 0, 0, 28), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
    axis->setBasePen(QPen(QColor(90, 90, 90)));
    axis->setTickPen(QPen(QColor(90, 90, 90)));
    axis->setSubTickPen(QPen(QColor(140, 140, 140)));
  }
  plot->legend->setBrush(QColor(255, 255, 255, 215));
  plot->legend->setBorderPen(QPen(QColor(180, 180, 180)));
  QFont small = plot->font();
  small.setPointSizeF(small.pointSizeF() - 1);
  plot->legend->setFont(small);
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

}  // namespace vaco::ui
