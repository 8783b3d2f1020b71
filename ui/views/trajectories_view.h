// Trajectories tab: the open dataset's episodes in a sortable table; the chosen episode's
// reward and weight strips on one time axis, and its body drawn by MuJoCo at the cursor's step,
// scrubbed or played at real time or slower; beside it, on demand, the run's policy rolled out
// from the episode's first state.
#pragma once
#include <QElapsedTimer>
#include <QString>
#include <QPolygonF>
#include <QWidget>

#include <memory>

#include "core/analysis/snapshot.h"
#include "ui/app/episode_source.h"
#include "ui/app/policy_replay.h"
#include "ui/session/run_stream.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QStackedWidget;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace vaco::ui {

class BodyView;
class MazePlot;
class EpisodeStripPlot;
class EpisodeTableModel;

/// The episode browser of one dataset, with a run's weights when a snapshot is given.
class TrajectoriesView : public QWidget {
  Q_OBJECT
 public:
  explicit TrajectoriesView(QWidget* parent = nullptr);
  ~TrajectoriesView() override;

  /// The dataset to browse; it is read when the tab is first shown (or by load()).
  void setDatasetPath(const QString& path);
  /// Reads the dataset now if it is not read yet; false with error() set when it cannot be.
  bool load();
  /// Takes per-episode and per-step weights from a run's snapshot (null clears them); `run`
  /// names the run in the view's status line.
  void setSnapshot(std::shared_ptr<const analysis::AnalysisSnapshot> snapshot, const QString& run);
  /// The run whose saved policy "Compare with the policy" rolls out (empty: none).
  void setRunDirectory(const QString& dir);
  /// Turns the comparison with the run's policy on or off; while on, every episode shown is
  /// replayed by the policy from its first state (off the GUI thread; replayReady() follows).
  void setComparing(bool on);
  /// Whether the comparison is on.
  bool comparing() const;
  /// The policy's replay of the shown episode (empty, or with its error, while there is none).
  const PolicyReplay& replay() const { return replay_; }
  /// On AntMaze data while comparing: the run's policy's evaluation episodes drawn in the maze
  /// (empty, or with its error, while there are none).
  const MazeEvaluation& mazeEvaluation() const { return mazeEvaluation_; }
  /// The policy's body view.
  BodyView* policyBodyView() const { return policyBody_; }
  /// Shows a live run's Q and |a - pi(s)| of the shown episode (others are ignored).
  void setEpisodeProbe(const vaco::ui::EpisodeProbe& probe);
  /// Shows episode `episode` (its index in file order) from step 0.
  void showEpisode(int episode);
  /// Moves the cursor, the body and the slider to `step` of the shown episode.
  void setStep(int step);
  /// Starts or stops playing the shown episode from the cursor.
  void setPlaying(bool playing);
  /// Writes the shown episode's body at every `stride`-th step as frame_00000.png, ... into
  /// `dir`, and while comparing the policy's body as policy_00000.png, ... (up to the longer
  /// episode); returns a one-line error, empty on success.
  QString saveFrames(const QString& dir, int stride = 1);

  /// The episode shown (-1 when none).
  int episode() const { return episode_; }
  /// The step under the cursor.
  int step() const { return step_; }
  /// Whether the episode is playing.
  bool playing() const;
  /// The one-line status above the table (dataset, run, how poses are known).
  QString statusText() const;
  /// Why the dataset could not be read; empty otherwise.
  QString error() const { return error_; }
  /// The table's model (unsorted, file order).
  EpisodeTableModel* model() const { return model_; }
  /// The body view.
  BodyView* bodyView() const { return body_; }
  /// The maze seen from above (shown instead of the body for AntMaze data).
  MazePlot* mazeView() const { return maze_; }
  /// The strips.
  EpisodeStripPlot* strips() const { return strips_; }

 signals:
  /// The shown episode's rows want a live run's Q and |a - pi(s)| (rows [start, start + length)).
  void episodeProbeRequested(int episode, qint64 start, qint64 length);
  /// The policy's replay of the shown episode arrived (or failed: see replay().error).
  void replayReady();
  /// On AntMaze data, the policy's evaluation episodes arrived (or failed: see mazeEvaluation()).
  void mazeEvaluationReady();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void applySnapshot();
  /// AntMaze: colours every episode's path by the run's mean weight when `meanWeights` (one per
  /// episode, NaN where the run did not score it) is given, else by its return.
  void colourMazePaths(const QVector<double>& meanWeights);
  void showWeights();
  void showStepText();
  void updateStatus();
  void tick();
  QVector<double> poseAt(int step) const;
  void requestReplay();
  void showReplay(const PolicyReplay& replay);
  /// AntMaze: evaluates the run's policy in the dataset's maze off the GUI thread and draws it.
  void requestMazeEvaluation();
  /// AntMaze: removes the policy's paths from the maze.
  void clearMazeEvaluation();
  /// Steps the slider spans: the longer of the episode and the policy's replay.
  int span() const;
  void updateCaptions();

  QString path_, loadedPath_, error_, run_;
  std::shared_ptr<const EpisodeSource> source_;
  std::shared_ptr<const analysis::AnalysisSnapshot> snapshot_;
  QString snapshotNote_;  ///< why the snapshot's weights do not apply, or ""
  EpisodeTableModel* model_ = nullptr;
  QSortFilterProxyModel* sorted_ = nullptr;
  QTableView* table_ = nullptr;
  QLabel* status_ = nullptr;
  BodyView* body_ = nullptr;
  MazePlot* maze_ = nullptr;
  QStackedWidget* dataViews_ = nullptr;  ///< body_ or maze_
  QVector<QPolygonF> mazePaths_;          ///< AntMaze: every episode's xy per step (empty for other data)
  BodyView* policyBody_ = nullptr;
  QWidget* policyPane_ = nullptr;
  QLabel* dataCaption_ = nullptr;
  QLabel* policyCaption_ = nullptr;
  QPushButton* compare_ = nullptr;
  QString runDir_;
  PolicyReplay replay_;
  int replayRequest_ = 0;  ///< numbers replay requests, so that a late answer is dropped
  MazeEvaluation mazeEvaluation_;
  int mazeRequest_ = 0;    ///< numbers maze evaluations, as replayRequest_ does replays
  EpisodeStripPlot* strips_ = nullptr;
  QSlider* slider_ = nullptr;
  QPushButton* play_ = nullptr;
  QComboBox* speed_ = nullptr;
  QLabel* stepLabel_ = nullptr;
  QTimer* timer_ = nullptr;
  QElapsedTimer clock_;
  int playFrom_ = 0;
  int episode_ = -1, step_ = 0;
  QVector<double> poses_, rewards_, weights_;
};

}  // namespace vaco::ui
