#include "ui/model/metric_store.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/train/run_dir.h"
#include "core/train/run_history.h"
#include "core/util/error.h"

namespace vaco::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A live run's identity: a JSON config groups like config.json; any other key is its own group.
nlohmann::json liveIdentity(const QString& label, const QString& groupKey) {
  const nlohmann::json j = nlohmann::json::parse(groupKey.toStdString(), nullptr, false);
  if (!j.is_discarded() && j.is_object()) return train::group_identity(j, "", "");
  return nlohmann::json{{"group", (groupKey.isEmpty() ? label : groupKey).toStdString()}};
}

// Sets the run's identity and the environment it names (env_id, else dataset).
void setIdentity(StoredRun& run, const nlohmann::json& identity) {
  run.identity = QString::fromStdString(identity.dump());
  run.environment.clear();
  for (const char* key : {"env_id", "dataset"})
    if (auto it = identity.find(key); run.environment.isEmpty() && it != identity.end() && it->is_string())
      run.environment = QString::fromStdString(it->get<std::string>());
  if (auto it = identity.find("algo"); run.algo.isEmpty() && it != identity.end() && it->is_string())
    run.algo = QString::fromStdString(it->get<std::string>());
}

void appendPoint(MetricSeriesData& s, double step, double wall, double value) {
  s.steps.append(step);
  s.wallTimes.append(wall);
  s.values.append(value);
}

void appendEvalPoints(StoredRun& run, const train::EvalLine& e) {
  run.evals.append(e);
  appendPoint(run.series[MetricStore::kEvalScore], double(e.step), e.wall_time, e.score_mean);
  appendPoint(run.series[MetricStore::kEvalReturn], double(e.step), e.wall_time, e.return_mean);
}

bool isRunDirectory(const QString& d) { return train::RunDir(d.toStdString()).has_metrics(); }

// The run directories below `dir` in path order, `depth` levels at most; a run directory's own
// folders and a grid's shared "value" runs are not searched.
void collectRunDirectories(const QString& dir, int depth, QStringList& out) {
  for (const QFileInfo& child : QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (isRunDirectory(child.filePath())) out.append(child.filePath());
    else if (depth > 1 && child.fileName() != "value") collectRunDirectories(child.filePath(), depth - 1, out);
  }
}

}  // namespace

MetricStore::MetricStore(QObject* parent) : QObject(parent) {
  announce_timer_.setSingleShot(true);
  announce_timer_.setInterval(kAnnounceIntervalMs);
  connect(&announce_timer_, &QTimer::timeout, this, &MetricStore::flush);
}

QString MetricStore::uniqueLabel(const QString& wanted) const {
  const auto taken = [this](const QString& l) {
    for (const StoredRun& r : runs_)
      if (r.label == l) return true;
    return false;
  };
  QString label = wanted.isEmpty() ? QString("run") : wanted;
  for (int n = 2; taken(label); ++n) label = QString("%1 (%2)").arg(wanted).arg(n);
  return label;
}

int MetricStore::addRun(StoredRun run) {
  const int id = next_id_++;
  run.label = uniqueLabel(run.label);
  runs_.insert(id, std::move(run));
  emit runAdded(id);
  return id;
}

int MetricStore::addLiveRun(const QString& label, const QString& groupKey) {
  StoredRun run;
  run.label = label;
  run.status = "live";
  setIdentity(run, liveIdentity(label, groupKey));
  return addRun(std::move(run));
}

QString MetricStore::addRunDirectory(const QString& dir, const QString& label, int* id) {
  const QString absolute = QFileInfo(dir).absoluteFilePath();
  for (const StoredRun& r : runs_)
    if (!r.dir.isEmpty() && r.dir == absolute) return dir + ": already in the comparison";
  train::RunHistory h;
  try {
    h = train::read_run_history(dir.toStdString());
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  StoredRun run;
  run.dir = absolute;
  run.label = label.isEmpty() ? QString::fromStdString(h.label) : label;
  run.algo = QString::fromStdString(h.algo);
  run.seed = h.config.contains("seed") ? QString::number(h.seed) : QString();
  run.status = QString::fromStdString(h.status);
  setIdentity(run, train::group_identity(h.config, h.dataset, h.env_id));
  run.policyStart = double(h.policy_start);
  for (const train::MetricLine& m : h.metrics)
    for (const auto& [name, value] : m.values)
      appendPoint(run.series[QString::fromStdString(name)], double(m.step), m.wall_time, value);
  for (const train::EvalLine& e : h.evals) appendEvalPoints(run, e);
  if (h.truncated_tail) run.note = "the last line of metrics.jsonl was cut off and skipped";
  if (!h.message.empty()) run.note = QString::fromStdString(h.message);
  const int added = addRun(std::move(run));
  if (id) *id = added;
  return {};
}

QStringList MetricStore::addRunFolder(const QString& dir) {
  QStringList dirs;
  if (!isRunDirectory(dir) && QFileInfo(dir).isDir()) collectRunDirectories(dir, 4, dirs);
  QStringList errors;
  if (dirs.isEmpty()) {  // a run directory, or the error for it
    if (const QString error = addRunDirectory(dir); !error.isEmpty()) errors.append(error);
    return errors;
  }
  for (const QString& d : dirs)
    if (const QString error = addRunDirectory(d, QDir(dir).relativeFilePath(d)); !error.isEmpty()) errors.append(error);
  return errors;
}

void MetricStore::removeRun(int run) {
  if (!runs_.remove(run)) return;
  pending_.removeAll(run);
  emit runRemoved(run);
}

void MetricStore::setGroupKey(int run, const QString& groupKey) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  setIdentity(*it, liveIdentity(it->label, groupKey));
  emit runChanged(run);
}

void MetricStore::setPolicyStart(int run, double step) {
  auto it = runs_.find(run);
  if (it == runs_.end() || it->policyStart == step) return;
  it->policyStart = step;
  emit runChanged(run);
}

void MetricStore::setInfo(int run, const QString& algo, const QString& seed) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  it->algo = algo;
  it->seed = seed;
  emit runChanged(run);
}

void MetricStore::setStatus(int run, const QString& status) {
  auto it = runs_.find(run);
  if (it == runs_.end() || it->status == status) return;
  it->status = status;
  emit runChanged(run);
}

void MetricStore::appendRecords(int run, const QVector<train::MetricRecord>& records,
                                const QVector<train::EvalLine>& evals) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  for (const train::MetricRecord& r : records) {
    // The boundary: the last value-phase step, once policy-phase records follow.
    if (r.phase == "value") it->lastValueStep = double(r.step);
    if (r.phase == "policy" && std::isnan(it->phaseBoundary) && !std::isnan(it->lastValueStep))
      it->phaseBoundary = it->lastValueStep;
    for (const auto& [name, value] : r.values)
      appendPoint(it->series[QString::fromStdString(name)], double(r.step), r.wall_time, value);
  }
  for (const train::EvalLine& e : evals) appendEvalPoints(*it, e);
  if (!records.isEmpty() || !evals.isEmpty()) noteAppend(run);
}

void MetricStore::append(int run, const QString& metric, const QVector<double>& steps,
                         const QVector<double>& wallTimes, const QVector<double>& values) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  if (steps.size() != values.size() || (!wallTimes.isEmpty() && wallTimes.size() != values.size())) {
    qWarning("MetricStore::append(%s): batch sizes differ; batch ignored", qPrintable(metric));
    return;
  }
  MetricSeriesData& s = it->series[metric];
  s.steps += steps;
  s.wallTimes += wallTimes.isEmpty() ? QVector<double>(values.size(), kNaN) : wallTimes;
  s.values += values;
  noteAppend(run);
}

void MetricStore::noteAppend(int run) {
  if (!pending_.contains(run)) pending_.append(run);
  if (!announce_timer_.isActive()) announce_timer_.start();
}

void MetricStore::flush() {
  announce_timer_.stop();
  if (pending_.isEmpty()) return;
  const QList<int> runs = std::exchange(pending_, {});
  emit appended(runs);
}

const StoredRun* MetricStore::run(int id) const {
  auto it = runs_.find(id);
  return it == runs_.end() ? nullptr : &it.value();
}

const MetricSeriesData* MetricStore::series(int run, const QString& metric) const {
  auto it = runs_.find(run);
  if (it == runs_.end()) return nullptr;
  auto s = it->series.find(metric);
  return s == it->series.end() ? nullptr : &s.value();
}

QStringList MetricStore::metricNames() const {
  QStringList rest;
  for (const StoredRun& r : runs_)
    for (auto it = r.series.cbegin(); it != r.series.cend(); ++it)
      if (it.key() != kEvalScore && it.key() != kEvalReturn && !rest.contains(it.key())) rest.append(it.key());
  std::sort(rest.begin(), rest.end(), [](const QString& a, const QString& b) {
    return QString::compare(a, b, Qt::CaseInsensitive) < 0;
  });
  return QStringList{kEvalScore, kEvalReturn} + rest;
}

bool MetricStore::anyHas(const QList<int>& runs, const QString& metric) const {
  for (int id : runs)
    if (const MetricSeriesData* s = series(id, metric); s && !s->values.isEmpty()) return true;
  return false;
}

QVector<StoredGroup> MetricStore::groups(const QList<int>& runs) const {
  QList<int> ids;
  std::vector<nlohmann::json> identities;
  std::vector<std::string> seeds;
  for (int id : runs)
    if (const StoredRun* r = run(id)) {
      ids.append(id);
      identities.push_back(nlohmann::json::parse(r->identity.toStdString(), nullptr, false));
      seeds.push_back(r->seed.toStdString());
    }
  QVector<StoredGroup> out;
  for (const train::RunGroup& g : train::group_identities(identities, seeds)) {
    StoredGroup group;
    group.label = QString::fromStdString(g.label);
    for (std::size_t m : g.members) group.runs.append(ids[qsizetype(m)]);
    out.append(group);
  }
  return out;
}

}  // namespace vaco::ui
