// Display-side transforms of a stored series: EMA smoothing and min/max decimation.
// Plain functions on QVector<double>, so they are easy to test and never touch storage.
#pragma once
#include <QVector>

namespace vaco::ui {

/// Debiased exponential moving average (TensorBoard's smoothing); weight in [0, 1).
/// Non-finite inputs give NaN at their index and leave the running average untouched.
QVector<double> emaSmooth(const QVector<double>& values, double weight);

/// Keys and values of a decimated series, ready for QCPGraph::setData.
struct DecimatedSeries {
  QVector<double> keys, values;
};

/// Keeps at most about `maxPoints` points of [begin, end): each bucket of consecutive points
/// contributes its first, min and max (in order), so spikes survive. Keys must be sorted.
DecimatedSeries decimateMinMax(const QVector<double>& keys, const QVector<double>& values,
                               qsizetype begin, qsizetype end, int maxPoints);

}  // namespace vaco::ui
