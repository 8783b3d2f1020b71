// The VACO Studio main window: the Run panel in a dock, and tabs for the dataset, live
// training plots, the weights analysis, the projectile toy and run comparison.
#pragma once
#include <memory>
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include "ui/app/dataset_service.h"
#include "ui/session/run_stream.h"

class QLabel;
class QMenu;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;

class QTemporaryDir;

namespace vaco::ui {

class CompareView;
class HistogramPlot;
class ProjectileView;
class RunLauncher;
class RunPanel;
struct RunRequest;
class TrainingSession;
class TrainingView;
class WeightsView;
class TrajectoriesView;
class LessonView;

/// Top-level window: arranges the widgets and shows what the RunLauncher relays of a run. A bad
/// file gives a message box and the window stays usable.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Loads `path` and shows its summary; returns false (after a message box) on bad input.
  bool openDataset(const QString& path);
  /// Generates the default projectile dataset into `path` and shows it.
  bool generateProjectile(const QString& path);
  /// Generates a dataset (the projectile toy or a D4RL recipe from a SAC run) on a helper thread
  /// with a progress bar, then shows it; false (after a message) when it fails.
  bool generateDataset(const GenerateRequest& request);
  /// Uses the default projectile dataset, generated in memory (no file).
  void useProjectile();
  /// Opens a run directory: an unfinished run with a checkpoint resumes, any run joins Compare.
  bool openRunDirectory(const QString& dir);

  /// Starts a run of `request` on the current dataset; false (with a message) when none is
  /// open, the request is invalid or a run is going.
  bool startRun(const RunRequest& request);
  /// Runs VACO, then BC, then IQL on the projectile toy (the teaching demo).
  void startDemo();
  /// Enters the projectile lesson: the toy in memory, the Lesson tab full-window (the Run panel,
  /// menus and tab bar hidden), at `step` (0-5). Its trainings run at the demo's size, or with
  /// `steps` / `valueSteps` > 0 at those lengths.
  void startLesson(int step = 0, qint64 steps = 0, qint64 valueSteps = 0);
  /// Leaves the lesson's full-window mode (Escape); the Lesson tab stays.
  void leaveLesson();
  /// Whether the lesson fills the window.
  bool inLesson() const { return in_lesson_; }
  /// Holds the running training at a step boundary.
  void pauseRun();
  /// Lets it go on.
  void resumeRun();
  /// Ends it at a step boundary (it checkpoints); queued demo runs are dropped.
  void stopRun();
  /// Where new runs are written (a folder of run directories).
  void setRunsRoot(const QString& dir);
  /// Shows the tab named "Dataset", "Training", "Weights", "Trajectories", "Lesson", "Projectile" or "Compare".
  bool showTab(const QString& name);
  /// Scripted or headless use: errors go to stderr as one line each, never to a dialog.
  void setScripted(bool scripted) { scripted_ = scripted; }

  /// The text of the summary view (for tests).
  QString summaryText() const;
  /// The episode-return histogram of the open dataset.
  HistogramPlot* returnHistogram() const { return returns_; }
  /// The last error shown to the user, empty when none (for tests).
  QString lastError() const { return last_error_; }
  /// The widgets of each part (for tests and scripted screenshots).
  RunPanel* runPanel() const { return run_panel_; }
  TrainingView* trainingView() const { return training_; }
  WeightsView* weightsView() const { return weights_; }
  TrajectoriesView* trajectoriesView() const { return trajectories_; }
  LessonView* lessonView() const { return lesson_; }
  ProjectileView* projectileView() const { return projectile_; }
  CompareView* compareView() const { return compare_; }
  QTabWidget* tabs() const { return tabs_; }
  /// What starts, queues and relays runs.
  RunLauncher* launcher() const { return launcher_; }
  /// The launcher's training session (its worker, for tests).
  TrainingSession* session() const;
  /// The run directory of the current (or last) run.
  QString runDirectory() const;
  /// The label of the current (or last) run, e.g. "vaco s0".
  QString runLabel() const;
  /// The newest evaluation of the current (or last) run (episodes 0 before the first).
  StreamEval lastEval() const;
  /// The newest step the window has heard of.
  qint64 lastStep() const;
  /// The snapshot on screen in the Weights tab (null before the first one).
  std::shared_ptr<const analysis::AnalysisSnapshot> lastSnapshot() const { return last_snapshot_; }

 signals:
  /// The current run reported progress.
  void progressed(qint64 step, qint64 total);
  /// A snapshot of the current run is on screen.
  void snapshotShown(qint64 step);
  /// A run ended ("completed", "interrupted", "failed").
  void runFinished(const QString& status, const QString& message);
  /// Every queued run (e.g. the demo's three) has ended.
  void allRunsFinished();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void chooseAndOpen();
  void chooseAndOpenMinari();
  void chooseAndGenerate();
  void chooseRunDirectory();
  void rememberRecent(const QString& path);
  void forgetRecent(const QString& path);
  void fillRecentMenu();
  void showError(const QString& title, const QString& message);
  void setDatasetKind(bool projectile, const QString& name);
  /// Gives the summary the height of its text and the return histogram the rest of the Dataset tab.
  void fitSummaryHeight();
  void onLaunching(const QString& label, const QString& runDir);
  void onStarted(const QString& runDir, const QString& algo, const QString& envId, qint64 valueSteps, qint64 total);
  void onMetrics(const StreamBatch& batch);
  void onProgress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond);
  void onSnapshot(const SnapshotPayload& payload);
  void onPausedChanged(bool paused);
  void onFinished(const QString& status, const QString& message);
  void onIdle();

  QTabWidget* tabs_ = nullptr;
  QPlainTextEdit* summary_ = nullptr;
  QSplitter* dataset_split_ = nullptr;  ///< the summary over the histogram
  HistogramPlot* returns_ = nullptr;
  RunPanel* run_panel_ = nullptr;
  TrainingView* training_ = nullptr;
  WeightsView* weights_ = nullptr;
  TrajectoriesView* trajectories_ = nullptr;
  LessonView* lesson_ = nullptr;
  QString live_dataset_path_;  ///< the file the live run trains on ("" for the in-memory toy)
  bool in_lesson_ = false;     ///< the lesson fills the window
  bool lesson_runs_ = false;         ///< the lesson has asked for runs: the launcher's runs are shown to it
  bool lesson_has_throws_ = false;   ///< the lesson has its data (the projectile throws)
  qint64 lesson_steps_ = 0, lesson_value_steps_ = 0;
  ProjectileView* projectile_ = nullptr;
  CompareView* compare_ = nullptr;
  RunLauncher* launcher_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QLabel* status_label_ = nullptr;

  QString dataset_path_;        ///< the open D4RL file; empty with the in-memory projectile
  QString dataset_name_;
  std::unique_ptr<QTemporaryDir> toy_dir_;  ///< holds the in-memory toy's file while the window lives
  bool scripted_ = false;
  bool dataset_projectile_ = false;
  std::shared_ptr<const analysis::AnalysisSnapshot> last_snapshot_;
  bool data_coloured_by_learned_weights_ = false;  ///< the projectile data keeps learned weights' colours once it has them
  QString last_error_;
};

}  // namespace vaco::ui
