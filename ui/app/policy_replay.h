// The Trajectories tab's torch-free door to a run's saved policy: the policy run from the first
// state of a dataset's episode, to compare with what the data did from there, and, on AntMaze,
// its evaluation episodes' paths through the maze.
#pragma once
#include <QPointF>
#include <QPolygonF>
#include <QString>
#include <QVector>

namespace vaco::ui {

class EpisodeSource;

/// One episode of a run's policy from a dataset episode's start.
struct PolicyReplay {
  QVector<double> poses;    ///< [steps * nq]: the body's joint positions at each step
  QVector<double> rewards;  ///< one per step
  bool terminated = false;  ///< the body fell before the environment's step limit
  QString error;            ///< one line when there is no replay; empty otherwise
};

/// Loads the run's policy.pt and runs it deterministically from the state of the first
/// observation of `source`'s episode `episode`, up to the environment's step limit. Blocking
/// (about a second for 1000 steps): call it off the GUI thread. Errors (no policy.pt yet, a run of
/// another environment, no MuJoCo) come back in PolicyReplay::error.
PolicyReplay replayRunPolicy(const QString& runDir, const EpisodeSource& source, int episode);

/// A run's policy evaluated in a maze: per episode, the torso's path, the goal and the outcome.
struct MazeEvaluation {
  QString task;            ///< the AntMaze task evaluated (the run's)
  QVector<QPolygonF> paths;  ///< xy after the reset and after every step
  QVector<QPointF> goals;
  QVector<bool> reached;   ///< whether the episode came within the goal radius
  QString error;           ///< one line when there is no evaluation; empty otherwise
};

/// Runs the run's saved policy for `episodes` evaluation episodes of its task, side by side and
/// with `vaco eval`'s seeds, recording each path. The run's task must have the maze of
/// `mazeTask` (the dataset's). Blocking (about a second per 10 episodes): call it off the GUI
/// thread. Errors (no policy.pt, a run of another maze or environment, no MuJoCo) come back in
/// MazeEvaluation::error.
MazeEvaluation evaluateRunInMaze(const QString& runDir, const QString& mazeTask, int episodes);

}  // namespace vaco::ui
