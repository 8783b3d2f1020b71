// What the Run panel asks the trainer to do: a torch-free value type that can cross queued
// connections, and its one translation into `--set`-style overrides, which both the check
// (ui/session/run_request_config.h) and the launched run apply.
#pragma once
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace vaco::ui {

/// The algorithm a new request starts with: the algorithm table's first (defined with the
/// request check, which reads the table).
QString defaultAlgorithm();

/// One run's settings as the GUI holds them: the schedule fields, plus dotted TrainConfig
/// keys mapped to their text values (e.g. "vaco.meta_lr" -> "3e-05"), as `--set` takes them.
struct RunRequest {
  QString algo = defaultAlgorithm();  ///< a name of the algorithm table (availableAlgorithms)
  qint64 steps = 100000;       ///< policy-phase gradient steps
  qint64 value_steps = 50000;  ///< value pretraining steps (ignored by algorithms without a value phase)
  quint64 seed = 0;
  QString device = "auto";     ///< auto | cpu | cuda:N
  QMap<QString, QString> settings;  ///< dotted key -> text value, applied after the fields above

  /// Field-by-field equality.
  bool operator==(const RunRequest& other) const = default;
};

/// The request as "key=value" overrides of the default TrainConfig, in the order they apply:
/// the fields above, the GUI's logging and evaluation cadence, then every setting (trimmed).
QStringList runOverrides(const RunRequest& request);

/// A key shared by requests that differ only in their seed (Compare groups them into one band).
QString runGroupKey(const RunRequest& request);

}  // namespace vaco::ui

Q_DECLARE_METATYPE(vaco::ui::RunRequest)
