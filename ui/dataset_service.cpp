// Only this translation unit of the GUI calls into torch-based core code; core headers come
// before any Qt header (Qt's `slots` macro breaks torch's headers).
#include "core/data/d4rl_writer.h"
#include "core/data/dataset_summary.h"
#include "core/datagen/projectile_datagen.h"
#include "core/util/error.h"

#include "ui/dataset_service.h"

namespace vaco::ui {

DatasetLoad loadDatasetSummary(const QString& path) {
  DatasetLoad out;
  try {
    const DatasetSummary summary = summarize_file(path.toStdString());
    out.text = QString::fromStdString(summary_text(summary));
    out.episode_returns = QVector<double>(summary.episode_returns.begin(), summary.episode_returns.end());
    out.ok = true;
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what());
  }
  return out;
}

QString writeProjectileDataset(const QString& path) {
  try {
    write_d4rl(generate_projectile_dataset(), path.toStdString());
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

}  // namespace vaco::ui
