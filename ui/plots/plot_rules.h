// The rules every line plot follows so that what its legend lists can be seen: equal series
// are told apart, sparse ones get markers, and a series far off its neighbours' scale moves to
// the right-hand axis. Plain functions on stored data, so they are easy to test.
#pragma once
#include <QMap>
#include <QSet>
#include <QString>
#include <QVector>

namespace vaco::ui {

/// A series with at most this many points is drawn with markers (one point has no line).
constexpr int kSparsePoints = 30;
/// Series whose typical magnitudes differ by more than this factor do not share an axis.
constexpr double kScaleRatio = 20.0;

/// A series within this share of the other's value span at every point draws on top of it.
constexpr double kCoincideShare = 0.005;

/// True when both series have the same steps and their values coincide on screen: every pair
/// differs by at most kCoincideShare of A's value span (NaNs coincide with NaNs only).
bool equalSeries(const QVector<double>& stepsA, const QVector<double>& valuesA, const QVector<double>& stepsB,
                 const QVector<double>& valuesB);

/// The typical magnitude of a series: the median of |v| over its finite values (0 when none).
double seriesScale(const QVector<double>& values);

/// The series that go to the right-hand axis: those more than kScaleRatio below the largest
/// scale of `scales` (series of scale 0 stay left). Empty when all share one scale.
QSet<QString> rightAxisSeries(const QMap<QString, double>& scales);

}  // namespace vaco::ui
