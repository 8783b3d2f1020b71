#include "ui/model/metric_series.h"

#include <cmath>

#include <QFile>
#include <QTextStream>

#include "ui/plots/plot_export.h"

namespace vaco::ui {

namespace {
QString number(double v) { return std::isfinite(v) ? QString::number(v, 'g', 17) : QString(); }
}  // namespace

bool writeMetricCsv(const QString& path, const QMap<QString, MetricSeriesData>& series,
                    const QMap<QString, MetricBandData>& bands) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << "series,step,wall_time_s,value\n";
  for (auto it = series.cbegin(); it != series.cend(); ++it) {
    const QString name = csvField(it.key());
    const MetricSeriesData& s = it.value();
    for (qsizetype i = 0; i < s.values.size(); ++i)
      out << name << ',' << number(s.steps[i]) << ',' << number(s.wallTimes[i]) << ','
          << number(s.values[i]) << '\n';
  }
  for (auto it = bands.cbegin(); it != bands.cend(); ++it) {
    const MetricBandData& b = it.value();
    const QString mean = csvField(it.key() + " [mean]"), sd = csvField(it.key() + " [std]");
    for (qsizetype i = 0; i < b.steps.size(); ++i)
      out << mean << ',' << number(b.steps[i]) << ",," << number(b.mean[i]) << '\n';
    for (qsizetype i = 0; i < b.steps.size(); ++i)
      out << sd << ',' << number(b.steps[i]) << ",," << number(b.std[i]) << '\n';
  }
  out.flush();
  return out.status() == QTextStream::Ok && file.error() == QFileDevice::NoError;
}

}  // namespace vaco::ui
