#include "ui/session/run_request.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace vaco::ui {

QStringList runOverrides(const RunRequest& r) {
  QStringList o = {"algo=" + r.algo, "steps=" + QString::number(r.steps),
                   "value_steps=" + QString::number(r.value_steps), "seed=" + QString::number(r.seed),
                   "device=" + r.device};
  const qint64 total = r.steps + r.value_steps;
  // Enough points for live curves without a host sync every step.
  o << "log_every=" + QString::number(std::clamp<qint64>(total / 400, 10, 100));
  if (!r.settings.contains("eval_every")) o << "eval_every=" + QString::number(std::max<qint64>(100, r.steps / 20));
  for (auto it = r.settings.cbegin(); it != r.settings.cend(); ++it) o << it.key() + "=" + it.value().trimmed();
  return o;
}

QString runGroupKey(const RunRequest& r) {
  QJsonObject j{{"algo", r.algo}, {"steps", r.steps}, {"value_steps", r.value_steps}};
  for (auto it = r.settings.cbegin(); it != r.settings.cend(); ++it) j.insert(it.key(), it.value());
  return QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact));
}

}  // namespace vaco::ui
