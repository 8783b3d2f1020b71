// A lesson's recording: what its trainings reported (start, snapshots, end), with the time of
// each, so that a lesson can be played back without training, on a slower machine or in a
// hall without one. One JSON object per line in DIR/lesson.jsonl.
#pragma once
#include <QFile>
#include <QElapsedTimer>
#include <QString>
#include <QVector>

#include <vector>

#include "ui/session/run_stream.h"

namespace vaco::ui {

/// One thing a lesson's training reported.
struct LessonEvent {
  enum Kind { Started, Snapshot, Finished };
  Kind kind = Started;
  double seconds = 0;      ///< since the recording began
  QString algo;            ///< the run's algorithm
  QString status;          ///< Finished: "completed", "interrupted" or "failed"
  SnapshotPayload payload; ///< Snapshot: what the lesson draws (probe points, angles, Q grid)
};

/// Appends a lesson's events to DIR/lesson.jsonl as they happen.
class LessonRecorder {
 public:
  /// Starts a recording in `dir` (created; an old lesson.jsonl is replaced); a one-line error, empty on success.
  QString open(const QString& dir);
  /// Whether a recording is open.
  bool isOpen() const { return file_.isOpen(); }
  /// Writes one event, timed now (its `seconds` is ignored).
  void append(const LessonEvent& event);

 private:
  QFile file_;
  QElapsedTimer clock_;
};

/// The events of DIR/lesson.jsonl in time order; an empty list and `error` set when the file is
/// missing or a line does not read (the error names the line).
std::vector<LessonEvent> readLessonRecording(const QString& dir, QString* error);

}  // namespace vaco::ui
