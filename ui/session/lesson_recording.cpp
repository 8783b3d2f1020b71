#include "ui/session/lesson_recording.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

#include "core/analysis/snapshot.h"

namespace vaco::ui {

namespace {

const char* kFile = "lesson.jsonl";

template <typename T>
QJsonArray toArray(const T& values) {
  QJsonArray a;
  for (const auto& v : values) a.append(double(v));
  return a;
}

QVector<double> doubles(const QJsonValue& v) {
  QVector<double> out;
  for (const QJsonValue& x : v.toArray()) out.push_back(x.toDouble());
  return out;
}

QString kindName(LessonEvent::Kind k) {
  return k == LessonEvent::Started ? "started" : k == LessonEvent::Snapshot ? "snapshot" : "finished";
}

}  // namespace

QString LessonRecorder::open(const QString& dir) {
  if (!QDir().mkpath(dir)) return "cannot create " + dir;
  file_.setFileName(QDir(dir).filePath(kFile));
  if (!file_.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
    return "cannot write " + file_.fileName() + ": " + file_.errorString();
  clock_.start();
  return {};
}

void LessonRecorder::append(const LessonEvent& e) {
  if (!file_.isOpen()) return;
  QJsonObject j{{"event", kindName(e.kind)}, {"seconds", double(clock_.elapsed()) / 1000.0}, {"algo", e.algo}};
  if (e.kind == LessonEvent::Finished) j["status"] = e.status;
  if (e.kind == LessonEvent::Snapshot && e.payload.snapshot) {
    const analysis::AnalysisSnapshot& s = *e.payload.snapshot;
    j["step"] = double(s.step);
    j["heights"] = toArray(e.payload.heights);
    j["angles_deg"] = toArray(e.payload.anglesDeg);
    j["q_grid"] = toArray(e.payload.qGrid);
    j["probe_h"] = toArray(s.probe_observations);
    j["probe_action"] = toArray(s.probe_actions);
    j["probe_weights"] = toArray(s.probe_weights);
    j["probe_labels"] = toArray(s.probe_labels);
  }
  file_.write(QJsonDocument(j).toJson(QJsonDocument::Compact) + '\n');
  file_.flush();  // a lesson cut short keeps what it recorded
}

std::vector<LessonEvent> readLessonRecording(const QString& dir, QString* error) {
  QFile f(QDir(dir).filePath(kFile));
  if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
    if (error) *error = f.fileName() + ": no lesson recording (make one with --lesson --record DIR)";
    return {};
  }
  std::vector<LessonEvent> events;
  int line = 0;
  while (!f.atEnd()) {
    const QByteArray text = f.readLine().trimmed();
    ++line;
    if (text.isEmpty()) continue;
    QJsonParseError parse;
    const QJsonObject j = QJsonDocument::fromJson(text, &parse).object();
    const QString kind = j["event"].toString();
    if (parse.error != QJsonParseError::NoError || !j.contains("seconds") || j["algo"].toString().isEmpty() ||
        (kind != "started" && kind != "snapshot" && kind != "finished")) {
      if (error) *error = QString("%1, line %2: not a lesson event").arg(f.fileName()).arg(line);
      return {};
    }
    LessonEvent e;
    e.kind = kind == "started" ? LessonEvent::Started : kind == "snapshot" ? LessonEvent::Snapshot : LessonEvent::Finished;
    e.seconds = j["seconds"].toDouble();
    e.algo = j["algo"].toString();
    e.status = j["status"].toString();
    if (e.kind == LessonEvent::Snapshot) {
      auto s = std::make_shared<analysis::AnalysisSnapshot>();
      s->step = int64_t(j["step"].toDouble());
      s->obs_dim = 1;
      s->act_dim = 1;
      for (double x : doubles(j["probe_h"])) s->probe_observations.push_back(float(x));
      for (double x : doubles(j["probe_action"])) s->probe_actions.push_back(float(x));
      for (double x : doubles(j["probe_weights"])) s->probe_weights.push_back(x);
      for (double x : doubles(j["probe_labels"])) s->probe_labels.push_back(int(x));
      if (s->probe_observations.size() != s->probe_weights.size() || s->probe_actions.size() != s->probe_weights.size() ||
          s->probe_labels.size() != s->probe_weights.size()) {
        if (error) *error = QString("%1, line %2: the probe's arrays differ in length").arg(f.fileName()).arg(line);
        return {};
      }
      e.payload.snapshot = s;
      e.payload.heights = doubles(j["heights"]);
      e.payload.anglesDeg = doubles(j["angles_deg"]);
      e.payload.qGrid = doubles(j["q_grid"]);
    }
    events.push_back(std::move(e));
  }
  if (events.empty() && error) *error = f.fileName() + ": the recording is empty";
  return events;
}

}  // namespace vaco::ui
