// Only this translation unit of the GUI calls into torch-based core code; core headers come
// before any Qt header (Qt's `slots` macro breaks torch's headers).
#include "core/data/d4rl_writer.h"
#include "core/data/dataset_summary.h"
#include "core/datagen/d4rl_recipes.h"
#include "core/datagen/projectile_datagen.h"
#include "core/util/error.h"

#include "ui/app/dataset_service.h"

namespace vaco::ui {

DatasetLoad loadDatasetSummary(const QString& path) {
  DatasetLoad out;
  try {
    const DatasetSummary summary = summarize_file(path.toStdString());
    out.text = QString::fromStdString(summary_text(summary));
    out.episode_returns = QVector<double>(summary.episode_returns.begin(), summary.episode_returns.end());
    out.file = QString::fromStdString(summary.path);
    out.name = QString::fromStdString(summary.name);
    out.ok = true;
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what());
  }
  return out;
}

ProjectileThrows projectileThrows() {
  const Dataset ds = generate_projectile_dataset();
  const torch::Tensor h = ds.observations.select(1, 0).to(torch::kFloat64).contiguous();
  const torch::Tensor a = (ds.actions.select(1, 0).to(torch::kFloat64) * 90.0).contiguous();
  const torch::Tensor l = ds.infos.at("infos/behavior").to(torch::kInt32).contiguous();
  ProjectileThrows t;
  t.heights = QVector<double>(h.data_ptr<double>(), h.data_ptr<double>() + h.numel());
  t.anglesDeg = QVector<double>(a.data_ptr<double>(), a.data_ptr<double>() + a.numel());
  t.labels = QVector<int>(l.data_ptr<int>(), l.data_ptr<int>() + l.numel());
  return t;
}

QString writeProjectileDataset(const QString& path) {
  try {
    write_d4rl(generate_projectile_dataset(), path.toStdString());
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

QStringList d4rlRecipeNames() {
  QStringList names;
  for (const std::string& n : datagen::recipe_names()) names << QString::fromStdString(n);
  return names;
}

QString generateDataset(const GenerateRequest& request, const std::function<void(qint64, qint64)>& progress) {
  if (request.out.isEmpty()) return "no output file given";
  if (request.kind == "projectile") return writeProjectileDataset(request.out);
  try {
    if (request.sacRun.isEmpty()) return "no SAC run directory given (make one with `vaco sac`)";
    if (request.rows < 0) return "rows must be > 0, got " + QString::number(request.rows);
    datagen::RecipeOptions o{.recipe = datagen::parse_recipe(request.kind.toStdString()),
                             .rows = request.rows,
                             .seed = request.seed};
    if (progress) o.progress = [&progress](int64_t done, int64_t total) { progress(done, total); };
    const Dataset ds = datagen::make_recipe_dataset(online::read_sac_run(request.sacRun.toStdString()), o);
    write_d4rl(ds, request.out.toStdString(), WriteOptions{.gzip_level = 4});
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

}  // namespace vaco::ui
