#include "ui/panels/run_progress_text.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace vaco::ui {
namespace {

// Numbers grouped by thousands the same way on every system ("12,300").
const QLocale& grouping() {
  static const QLocale locale(QLocale::English, QLocale::UnitedStates);
  return locale;
}

// "1,450 steps/s", or "2.5 steps/s" below 10.
QString formatRate(double stepsPerSecond) {
  return (stepsPerSecond >= 10 ? grouping().toString(qint64(std::llround(stepsPerSecond)))
                               : grouping().toString(stepsPerSecond, 'f', 1)) +
         " steps/s";
}

}  // namespace

QString formatEta(double seconds) {
  if (!std::isfinite(seconds)) return QStringLiteral("—");
  const qint64 s = std::max<qint64>(0, qint64(std::llround(seconds)));
  const qint64 h = s / 3600, m = (s / 60) % 60, sec = s % 60;
  if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(sec, 2, 10, QChar('0'));
  return QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QChar('0'));
}

QString formatProgressText(const QString& phase, qint64 step, qint64 total, double stepsPerSecond) {
  QStringList parts;
  if (!phase.isEmpty()) parts << phase;
  parts << grouping().toString(step) + " / " + grouping().toString(total);
  const bool known = std::isfinite(stepsPerSecond) && stepsPerSecond > 0;
  const bool finished = total > 0 && step >= total;
  if (finished) {
    // Nothing is left to estimate; the last measured rate is still worth showing.
    if (known) parts << formatRate(stepsPerSecond);
  } else if (!known) {
    parts << QStringLiteral("— steps/s") << QStringLiteral("ETA —");
  } else {
    parts << formatRate(stepsPerSecond) << "ETA " + formatEta(double(std::max<qint64>(0, total - step)) / stepsPerSecond);
  }
  return parts.join(QStringLiteral(" · "));
}

}  // namespace vaco::ui
