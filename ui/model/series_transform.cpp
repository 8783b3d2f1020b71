#include "ui/model/series_transform.h"

#include <cmath>
#include <limits>

namespace vaco::ui {

QVector<double> emaSmooth(const QVector<double>& values, double weight) {
  QVector<double> out(values.size());
  double last = 0.0, debias = 1.0;
  for (qsizetype i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (!std::isfinite(v)) {
      out[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    last = last * weight + (1.0 - weight) * v;
    debias *= weight;
    out[i] = last / (1.0 - debias);
  }
  return out;
}

DecimatedSeries decimateMinMax(const QVector<double>& keys, const QVector<double>& values,
                               qsizetype begin, qsizetype end, int maxPoints) {
  DecimatedSeries out;
  const qsizetype n = end - begin;
  if (n <= 0) return out;
  if (n <= maxPoints || maxPoints < 3) {
    out.keys = keys.mid(begin, n);
    out.values = values.mid(begin, n);
    return out;
  }
  const qsizetype buckets = maxPoints / 3;
  out.keys.reserve(buckets * 3);
  out.values.reserve(buckets * 3);
  for (qsizetype b = 0; b < buckets; ++b) {
    const qsizetype lo = begin + n * b / buckets, hi = begin + n * (b + 1) / buckets;
    qsizetype imin = lo, imax = lo;
    for (qsizetype i = lo + 1; i < hi; ++i) {
      if (values[i] < values[imin]) imin = i;
      if (values[i] > values[imax]) imax = i;
    }
    // First point of the bucket, then its extremes in key order.
    qsizetype picks[3] = {lo, std::min(imin, imax), std::max(imin, imax)};
    qsizetype prev = -1;
    for (qsizetype p : picks) {
      if (p == prev) continue;
      out.keys.append(keys[p]);
      out.values.append(values[p]);
      prev = p;
    }
  }
  return out;
}

}  // namespace vaco::ui
