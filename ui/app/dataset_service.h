// The GUI's torch-free door to core's dataset functions (loading, summarizing, generating).
#pragma once
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

namespace vaco::ui {

/// Result of loading a dataset for display.
struct DatasetLoad {
  bool ok = false;
  QString text;   ///< the summary as `vaco dataset info` prints it
  QString error;  ///< one-line reason when !ok
  QVector<double> episode_returns;  ///< one per episode, for the return histogram
  QString file;  ///< the file read (a Minari dataset's main_data.hdf5), as the run will read it
  QString name;  ///< the dataset's name (Minari: its id with '-' for '/')
};

/// Loads and summarizes a D4RL file or a Minari dataset (folder, main_data.hdf5 or id); never throws.
DatasetLoad loadDatasetSummary(const QString& path);

/// The default projectile dataset's throws (what `vaco demo` and the toy train on).
struct ProjectileThrows {
  QVector<double> heights;    ///< launch heights (m)
  QVector<double> anglesDeg;  ///< launch angles (degrees)
  QVector<int> labels;        ///< behaviour: 0 near-optimal, 1 uniform, 2 lob
};

/// Generates the default projectile dataset in memory and returns its throws.
ProjectileThrows projectileThrows();

/// Writes the default projectile dataset to `path`; returns an error line, empty on success.
QString writeProjectileDataset(const QString& path);

/// What File > Generate dataset makes: the projectile toy, or one of D4RL's recipes from a SAC run.
struct GenerateRequest {
  QString kind = "projectile";  ///< "projectile" or a recipe name (see d4rlRecipeNames)
  QString sacRun;               ///< the `vaco sac` run directory (recipes only)
  qint64 rows = 0;              ///< rows per policy; 0: the recipe's default
  quint64 seed = 0;
  QString out;                  ///< the .hdf5 file to write
};

/// The D4RL recipe names, in display order (random, medium, medium-replay, expert, medium-expert).
QStringList d4rlRecipeNames();

/// Makes and writes the requested dataset; `progress(rows done, rows expected)` is called on the
/// calling thread as it goes. Returns a one-line error, empty on success; never throws.
QString generateDataset(const GenerateRequest& request, const std::function<void(qint64, qint64)>& progress = {});

}  // namespace vaco::ui
