// The text of the Run panel's progress bar: phase, step / total, rate and time left.
#pragma once
#include <QString>

namespace vaco::ui {

/// "0:05", "12:34" or "1:02:03" for a duration in seconds (rounded; negative counts as 0);
/// "—" when the duration is unknown (NaN or infinite).
QString formatEta(double seconds);

/// "policy · 12,300 / 20,000 · 1,450 steps/s · ETA 0:05"; the rate and the ETA read "—" until
/// `stepsPerSecond` is known (> 0).
QString formatProgressText(const QString& phase, qint64 step, qint64 total, double stepsPerSecond);

}  // namespace vaco::ui
