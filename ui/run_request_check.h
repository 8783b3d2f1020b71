// The GUI's torch-free door to TrainConfig checks: validate a RunRequest, list the devices,
// the algorithms and the default text of a setting.
#pragma once
#include <QString>
#include <QStringList>

#include "ui/run_request.h"

namespace vaco::ui {

/// The one-line reason the request is not a valid run (unknown key, bad number, out-of-range
/// value, absent CUDA device), empty when it is fine; never throws.
QString checkRunRequest(const RunRequest& request);

/// One line per valid but surprising setting of the request (a frozen scorer, ...), as
/// `vaco train` prints them; empty for an ordinary or an invalid request.
QStringList runRequestNotes(const RunRequest& request);

/// The devices a run can use here: "auto", "cpu", then "cuda:0".. only when CUDA is available.
QStringList availableDevices();

/// The algorithm names a request accepts, in display order.
QStringList availableAlgorithms();

/// An algorithm's policy loss in words and symbols (the algorithm table's), empty when unknown.
QString policyLossText(const QString& algo);

/// The default value of a setting (a dotted key, e.g. "vaco.meta_lr" -> "3e-05") as text, empty
/// for an unknown key.
QString settingDefault(const QString& key);

}  // namespace vaco::ui
