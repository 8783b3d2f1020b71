// The GUI's torch-free door to TrainConfig checks: validate a RunRequest, list the devices,
// the algorithms and the default text of a setting.
#pragma once
#include <QString>
#include <QStringList>

#include "ui/session/run_request.h"

namespace vaco::ui {

/// Why a request is not a valid run: one line, and the dotted key of the setting at fault.
struct RunRequestProblem {
  QString message;  ///< empty when the request is fine
  QString key;      ///< e.g. "vaco.meta_lr"; empty when no single setting is at fault
  /// Whether there is no problem.
  bool ok() const { return message.isEmpty(); }
};

/// What is wrong with the request (unknown key, bad number, out-of-range value, absent CUDA
/// device), applied exactly as a launched run applies it; never throws.
RunRequestProblem checkRunRequest(const RunRequest& request);

/// One line per valid but surprising setting of the request (a frozen scorer, ...), as
/// `vaco train` prints them; empty for an ordinary or an invalid request.
QStringList runRequestNotes(const RunRequest& request);

/// The devices a run can use here: "auto", "cpu", then "cuda:0".. only when CUDA is available.
QStringList availableDevices();

/// The algorithm names a request accepts, in display order.
QStringList availableAlgorithms();

/// Whether an algorithm's per-sample weights are learned (the algorithm table's); false when unknown.
bool algorithmLearnsWeights(const QString& algo);

/// An algorithm's label as the GUI shows it ("VACO", "BC"; the algorithm table's), the name itself when unknown.
QString algorithmLabel(const QString& algo);

/// An algorithm's policy loss in words and symbols (the algorithm table's), empty when unknown.
QString policyLossText(const QString& algo);

/// The default value of a setting (a dotted key, e.g. "vaco.meta_lr" -> "3e-05") as text, empty
/// for an unknown key.
QString settingDefault(const QString& key);

}  // namespace vaco::ui
