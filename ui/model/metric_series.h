// Plain data of plotted series: the points of one series, where a plot finds them, and mean +- std bands.
#pragma once
#include <functional>

#include <QMap>
#include <QString>
#include <QVector>

namespace vaco::ui {

/// All points of one named series, as appended (never decimated).
struct MetricSeriesData {
  QVector<double> steps;      ///< training step of each point
  QVector<double> wallTimes;  ///< seconds since the run started (NaN when unknown)
  QVector<double> values;
};

/// Where a plotted series' points live when the plot does not hold them: looked up at each
/// redraw (nullptr: no points now).
using MetricSource = std::function<const MetricSeriesData*()>;

/// A mean +- std band over several runs (seeds), keyed by step.
struct MetricBandData {
  QVector<double> steps, mean, std;
};

/// Writes series and bands as long-format CSV: `series,step,wall_time_s,value`; a band becomes
/// the rows `<name> [mean]` and `<name> [std]` with an empty wall time. False when unwritable.
bool writeMetricCsv(const QString& path, const QMap<QString, MetricSeriesData>& series,
                    const QMap<QString, MetricBandData>& bands);

}  // namespace vaco::ui
