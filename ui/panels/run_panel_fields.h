// Which TrainConfig settings the Run panel edits, under which heading, for which algorithms.
#pragma once
#include <QString>
#include <QStringList>
#include <QVector>

namespace vaco::ui {

/// How a setting is edited.
enum class RunFieldKind { Number, Integer, Choice };

/// One editable setting of the Run panel (a dotted TrainConfig key).
struct RunField {
  QString key;          ///< e.g. "vaco.meta_lr"
  QString group;        ///< the heading it sits under
  QString label;        ///< the form label
  QString tip;          ///< tooltip
  RunFieldKind kind = RunFieldKind::Number;
  QStringList algos;    ///< the algorithms it matters to; empty: every algorithm
  QStringList choices;  ///< the values of a Choice
  int minimum = 0, maximum = 0;  ///< the range of an Integer
};

/// The settings the Run panel edits, in display order.
const QVector<RunField>& runFields();

/// True when `field` matters to `algo`.
bool fieldApplies(const RunField& field, const QString& algo);

/// True when `algo` has a value pretraining phase (vaco, bc-recip, awr, iql).
bool algoHasValuePhase(const QString& algo);

/// The readable name of an algorithm ("td3bc" -> "TD3+BC"); the name itself when unknown.
QString algorithmDisplayName(const QString& algo);

}  // namespace vaco::ui
