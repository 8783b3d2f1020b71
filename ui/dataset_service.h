// The GUI's torch-free door to core's dataset functions (loading, summarizing, generating).
#pragma once
#include <QString>
#include <QVector>

namespace vaco::ui {

/// Result of loading a dataset for display.
struct DatasetLoad {
  bool ok = false;
  QString text;   ///< the summary as `vaco dataset info` prints it
  QString error;  ///< one-line reason when !ok
  QVector<double> episode_returns;  ///< one per episode, for the return histogram
};

/// Loads and summarizes a D4RL file; never throws.
DatasetLoad loadDatasetSummary(const QString& path);

/// Writes the default projectile dataset to `path`; returns an error line, empty on success.
QString writeProjectileDataset(const QString& path);

}  // namespace vaco::ui
