// What the Run panel asks the trainer to do: a torch-free value type that can cross queued
// connections (the worker turns it into a TrainConfig through ui/run_request_config.h).
#pragma once
#include <QMap>
#include <QMetaType>
#include <QString>

namespace vaco::ui {

/// One run's settings as the GUI holds them: the schedule fields, plus dotted TrainConfig
/// keys mapped to their text values (e.g. "vaco.meta_lr" -> "3e-05"), as `--set` takes them.
struct RunRequest {
  QString algo = "vaco";       ///< vaco | bc | bc-recip | awr | iql | td3bc
  qint64 steps = 100000;       ///< policy-phase gradient steps
  qint64 value_steps = 50000;  ///< value pretraining steps (ignored by bc and td3bc)
  quint64 seed = 0;
  QString device = "auto";     ///< auto | cpu | cuda:N
  QMap<QString, QString> settings;  ///< dotted key -> text value, applied after the fields above

  /// Field-by-field equality.
  bool operator==(const RunRequest& other) const = default;
};

}  // namespace vaco::ui

Q_DECLARE_METATYPE(vaco::ui::RunRequest)
