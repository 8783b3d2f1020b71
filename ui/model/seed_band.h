// Mean +- std over the seeds of one group, at the steps every seed recorded.
#pragma once
#include <QVector>

#include "ui/model/metric_series.h"

namespace vaco::ui {

/// The band over `runs` (each a stored series): only steps present, with a finite value, in
/// every run are used (no interpolation, so a band ends where its shortest run ends). A step
/// recorded twice in one run (a resumed run) takes its last value. The std is the population
/// std (divides by the number of runs, as numpy's default). No runs: an empty band.
MetricBandData meanStdAtSharedSteps(const QVector<const MetricSeriesData*>& runs);

}  // namespace vaco::ui
