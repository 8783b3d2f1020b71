// The Trajectories tab's torch-free door to a run's saved policy: the policy run from the first
// state of a dataset's episode, to compare with what the data did from there.
#pragma once
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

}  // namespace vaco::ui
