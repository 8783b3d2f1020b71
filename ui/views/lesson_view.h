// Lesson mode: the projectile toy told in six steps for a lecture hall (the task, the data,
// BC's mistake, what the critic believes, the weights learning, VACO's fix), in large type, with
// Next / Back on the arrow keys and space, and each step's training run live on the worker.
#pragma once
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <functional>

#include "ui/session/lesson_recording.h"
#include "ui/session/run_stream.h"

class QLabel;
class QListWidget;
class QPushButton;
class QComboBox;
class QTableWidget;
class QTimer;

namespace vaco::ui {

class ProjectileView;

/// The six-step projectile lesson. It asks for its trainings with `trainRequested` and is told
/// of their progress by runStarted / showSnapshot / runFinished.
class LessonView : public QWidget {
  Q_OBJECT
 public:
  /// The steps, in order.
  enum Step { Task, Data, BcMistake, Critic, WeightsLearn, VacoFix, StepCount };
  /// The runs the lesson trains, by algorithm name (train::LessonPreset): the cloner (step 3),
  /// the learner (steps 4-6), the baseline (step 6).
  static const QStringList& lessonAlgorithms();

  explicit LessonView(QWidget* parent = nullptr);

  /// The lesson's data: each throw's height, angle (degrees) and behaviour label (0 near-optimal,
  /// 1 uniform, 2 lob).
  void setThrows(const QVector<double>& heights, const QVector<double>& anglesDeg, const QVector<int>& labels);
  /// Goes to `step` (clamped) and asks for the trainings it needs.
  void setStep(int step);
  /// The step shown.
  int step() const { return step_; }
  /// The step's title ("3. BC") and its caption.
  QString title() const;
  /// The step's caption, as shown.
  QString caption() const;
  /// The live line under the caption (shares, angle errors, range lost, weight on good throws).
  QString detail() const;
  /// Text sizes relative to the window's font (1 = 1.6x for the caption); clamped to 0.5-3.
  void setFontScale(double scale);
  /// The text size factor.
  double fontScale() const { return font_scale_; }
  /// Writes every step as step-1.png ... step-6.png into `dir` as it stands now; returns a
  /// one-line error, empty on success.
  QString exportSlides(const QString& dir);
  /// Records what the lesson's trainings report into DIR/lesson.jsonl from now on (see
  /// LessonRecorder); a one-line error, empty on success.
  QString recordTo(const QString& dir);
  /// Plays the recording in `dir` instead of training: its events arrive as they did, at the
  /// playback speed, and no step asks for a training. A one-line error, empty on success.
  QString play(const QString& dir);
  /// Whether a recording is playing (or has played: the lesson then never trains).
  bool isPlayback() const { return !playback_.empty(); }
  /// Whether every event of the recording has been played.
  bool playbackDone() const { return next_event_ >= playback_.size(); }
  /// Recorded seconds per real second (0.25 to 8).
  void setPlaybackSpeed(double speed);
  /// The lesson's drawing.
  ProjectileView* projectile() const { return view_; }
  /// The table of angles of step 6.
  QTableWidget* angleTable() const { return table_; }
  /// A run's mean absolute angle error (degrees) against θ* over h = 0..10 m; NaN before it has angles.
  double meanAngleError(const QString& algo) const;
  /// A run's mean range lost (m) against the optimal throw over h = 0..10 m; NaN before it has angles.
  double meanRangeLost(const QString& algo) const;
  /// The share of VACO's probe weight on near-optimal throws, and their share of the probe (NaN, NaN before a snapshot).
  QPair<double, double> nearOptimalWeightShare() const;

 public slots:
  /// The next step (no-op at the last).
  void next();
  /// The previous step (no-op at the first).
  void back();
  /// A run of `algo` began training.
  void runStarted(const QString& algo);
  /// A snapshot of the running run (algorithm as runStarted said).
  void showSnapshot(const vaco::ui::SnapshotPayload& payload);
  /// The running run ended with `status`.
  void runFinished(const QString& status);

 signals:
  /// The lesson needs a training of `algo` (at the demo's size).
  void trainRequested(const QString& algo);
  /// The presenter asked to leave the lesson (Escape).
  void leaveRequested();

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  struct Run {
    bool requested = false, running = false, done = false;
    QVector<double> heights, anglesDeg;  ///< the policy's angle per height (newest snapshot)
    QVector<double> qGrid;               ///< the critic's Q(h, θ) (newest snapshot), or empty
    QVector<double> probeWeights;        ///< [P] newest probe weights
    QVector<int> probeLabels;            ///< [P] their behaviour labels
  };

  void need(const QString& algo);
  /// The mean of f(h, the run's angle at h) over h = 0, 0.1, ..., 10 m; NaN before the run has angles.
  double meanOverHeights(const QString& algo, const std::function<double(double h, double angleDeg)>& f) const;
  void playTick();
  void refresh();
  void fillTable();
  void applyFonts();
  QString runState(const QString& algo) const;

  ProjectileView* view_ = nullptr;
  QListWidget* steps_ = nullptr;
  QLabel* caption_ = nullptr;
  QLabel* detail_ = nullptr;
  QTableWidget* table_ = nullptr;
  QPushButton* back_ = nullptr;
  QPushButton* next_ = nullptr;
  int step_ = -1;
  double font_scale_ = 1.0;
  QVector<double> heights_, angles_;
  QVector<int> labels_;
  /// What the landscape's points show: nothing (step 1), the throws by behaviour, or VACO's weights.
  enum class DataShown { None, Behaviour, Weights };
  DataShown dataShown_ = DataShown::None;
  QVector<double> probeHeights_, probeAngles_;  ///< VACO's probe points, coloured by its weights in step 5
  QMap<QString, Run> runs_;
  QString live_;  ///< the algorithm training now, or ""
  LessonRecorder recorder_;
  std::vector<LessonEvent> playback_;  ///< the recording being played, or empty
  size_t next_event_ = 0;              ///< the first event not played yet
  double played_seconds_ = 0;          ///< recorded time reached
  double speed_ = 1.0;
  QTimer* player_ = nullptr;
  QComboBox* speed_box_ = nullptr;
};

}  // namespace vaco::ui
