// A QCustomPlot bar histogram of a list of values (episode returns, weights).
#pragma once
#include <qcustomplot.h>

class QCPTextElement;

namespace vaco::ui {

/// Bins values into equal-width bars and draws them with axis labels.
class HistogramPlot : public QCustomPlot {
  Q_OBJECT
 public:
  explicit HistogramPlot(const QString& xLabel, QWidget* parent = nullptr);

  /// Replaces the data with `values` split into `bins` equal-width bins.
  void setValues(const QVector<double>& values, int bins = 40);
  /// Sets the bold title above the bars (its row is added on the first call).
  void setTitle(const QString& title);
  /// The current title.
  QString title() const;
  /// Bar heights of the current histogram (for tests).
  QVector<double> counts() const { return counts_; }
  /// Writes the bars as CSV (bin_center,count); the context menu also exports PNG/SVG/PDF.
  bool saveCsv(const QString& path) const;

 private:
  QCPBars* bars_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QVector<double> counts_;
};

}  // namespace vaco::ui
