// The Trajectories tab's torch-free door to a dataset's episodes: the episode table, each
// episode's rewards, and the body's joint positions along it.
#pragma once
#include <QString>
#include <QStringList>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QVector>

#include <memory>

namespace vaco::ui {

/// One row of the episode table.
struct EpisodeInfo {
  qint64 start = 0;   ///< first row in the file
  qint64 length = 0;  ///< transitions
  double ret = 0;     ///< undiscounted return
  int label = -1;     ///< source label (see EpisodeSource::labelNames), -1 when the file has none
  QString end;        ///< "terminal", "timeout" or "end_of_file"
};

/// A dataset opened for browsing its episodes. Immutable after load; safe to share.
class EpisodeSource {
 public:
  /// Reads a D4RL file or Minari dataset (as `vaco dataset info` accepts); returns null and sets
  /// `error` to a one-line reason when it cannot.
  static std::shared_ptr<const EpisodeSource> load(const QString& path, QString* error);
  ~EpisodeSource();
  EpisodeSource(const EpisodeSource&) = delete;
  EpisodeSource& operator=(const EpisodeSource&) = delete;

  /// The dataset's name ("hopper-medium-replay-sac").
  QString name() const;
  /// The MuJoCo family whose body the episodes move ("hopper"); empty when there is none to draw.
  QString bodyEnv() const;
  /// Why there is no body to draw (the data's env is not a MuJoCo family, or MuJoCo is not built).
  QString noBodyReason() const;
  /// The episodes in file order (the order runs' snapshots number them in).
  const QVector<EpisodeInfo>& episodes() const;
  /// Names of the source labels (index = label); empty when the file has none.
  QStringList labelNames() const;
  /// The infos/* key the labels come from ("" when none).
  QString labelKey() const;
  /// The episode's rewards, one per step.
  QVector<double> rewards(int episode) const;
  /// The body's joint positions at each step of the episode [length * qposDim()]: the file's
  /// infos/qpos when it has them, else rebuilt from the observations (see posesRecorded);
  /// empty without a body.
  QVector<double> poses(int episode) const;
  /// The observation at `step` of the episode (empty when out of range).
  QVector<float> observation(int episode, int step) const;
  /// Joint positions per step (0 without a body).
  int qposDim() const;
  /// Simulated seconds per step of the body's environment (0 without a body).
  double stepSeconds() const;
  /// True when poses() are the file's recorded infos/qpos, false when rebuilt from observations.
  bool posesRecorded() const;
  /// An AntMaze dataset's walls in world coordinates (x right, y up); empty for other data.
  QVector<QRectF> mazeWalls() const;
  /// An AntMaze dataset's task ("antmaze-umaze-v2"); empty for other data.
  QString mazeTask() const;
  /// An AntMaze episode's torso xy at each step (empty for other data).
  QPolygonF path(int episode) const;
  /// An AntMaze episode's goal (its first row's infos/goal), or NaN when the file has none.
  QPointF goal(int episode) const;

 private:
  struct Impl;
  explicit EpisodeSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> d_;
};

}  // namespace vaco::ui
