// Torch-based core code behind EpisodeSource; core headers come before any Qt header (Qt's
// `slots` macro breaks torch's headers).
#include "core/data/read_dataset.h"
#include "core/train/source_labels.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/episode_poses.h"
#endif

#include "ui/app/episode_source.h"

#include <limits>

namespace vaco::ui {

struct EpisodeSource::Impl {
  Dataset ds;
  QVector<EpisodeInfo> episodes;
  QStringList labelNames;
  QString labelKey;
  QString bodyEnv, noBodyReason;
  int nq = 0;
  torch::Tensor recordedQpos;  ///< [N, nq] float64 from infos/qpos, or undefined
  QVector<QRectF> walls;       ///< AntMaze's walls; empty for other data
#ifdef VACO_WITH_MUJOCO
  std::unique_ptr<MujocoEnv> env;  ///< the body's environment (for rebuilding poses), or null
#endif
};

EpisodeSource::EpisodeSource(std::unique_ptr<Impl> impl) : d_(std::move(impl)) {}
EpisodeSource::~EpisodeSource() = default;

namespace {

// The body's environment of the dataset, or null with the reason in `why`.
#ifdef VACO_WITH_MUJOCO
std::unique_ptr<MujocoEnv> body_env(const Dataset& ds, QString* why) {
  const std::string family = env_family(ds.env_name);
  if (family.empty() || family == "projectile" || family == "antmaze") {
    *why = QString("the data's environment (%1) has no MuJoCo body to draw")
               .arg(ds.env_name.empty() ? QString("unknown") : QString::fromStdString(ds.env_name));
    return nullptr;
  }
  try {
    return make_mujoco_env(ds.env_name);
  } catch (const std::exception& e) {
    *why = QString::fromStdString(e.what());
    return nullptr;
  }
}
#endif

}  // namespace

std::shared_ptr<const EpisodeSource> EpisodeSource::load(const QString& path, QString* error) {
  auto d = std::make_unique<Impl>();
  try {
    // Only what the browser shows: no next observations, and of the infos the recorded pose and
    // the source labels (a 1M-row file reads in well under half the time of a full load).
    ReadOptions only;
    only.read_next_observations = false;
    only.info_keys = {"infos/qpos", "infos/behavior", "infos/policy_checkpoint", "infos/goal"};
    d->ds = read_dataset(path.toStdString(), only);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return nullptr;
  }
  const train::SourceLabels labels = train::source_labels(d->ds);
  d->labelKey = QString::fromStdString(labels.key);
  for (const std::string& n : labels.names) d->labelNames << QString::fromStdString(n);
  int top = -1;
  for (const Episode& e : d->ds.episodes) {
    const int label = labels.rows.empty() ? -1 : labels.rows[size_t(e.start)];
    top = std::max(top, label);
    d->episodes.push_back({e.start, e.length, e.ret, label, QString::fromUtf8(to_string(e.end))});
  }
  while (d->labelNames.size() <= top) d->labelNames << QString("behaviour %1").arg(d->labelNames.size());
#ifdef VACO_WITH_MUJOCO
  if (const AntMazeTask* task = find_ant_maze_task(d->ds.env_name)) {
    const MazeMap maze = maze_of(*task);
    const double half = kMazeCellSize / 2.0;
    for (const auto& [i, j] : maze.wall_cells()) {
      const auto [x, y] = maze.cell_centre(i, j);
      d->walls << QRectF(x - half, y - half, kMazeCellSize, kMazeCellSize);
    }
  }
  d->env = body_env(d->ds, &d->noBodyReason);
  if (d->env) {
    d->bodyEnv = QString::fromStdString(d->env->name());
    d->nq = int(d->env->qpos_dim());
    const auto q = d->ds.infos.find("infos/qpos");
    if (q != d->ds.infos.end() && q->second.dim() == 2 && q->second.size(1) == d->nq)
      d->recordedQpos = q->second.to(torch::kFloat64).contiguous();
    if (!d->recordedQpos.defined() && d->ds.obs_dim() != d->env->observation_dim()) {
      d->noBodyReason = QString("the observations are %1 wide, %2's are %3").arg(d->ds.obs_dim()).arg(d->bodyEnv).arg(d->env->observation_dim());
      d->bodyEnv.clear();
      d->nq = 0;
      d->env.reset();
    }
  }
#else
  d->noBodyReason = "this build has no MuJoCo (VACO_WITH_MUJOCO=OFF)";
#endif
  return std::shared_ptr<const EpisodeSource>(new EpisodeSource(std::move(d)));
}

QString EpisodeSource::name() const { return QString::fromStdString(d_->ds.name); }
QString EpisodeSource::bodyEnv() const { return d_->bodyEnv; }
QString EpisodeSource::noBodyReason() const { return d_->noBodyReason; }
const QVector<EpisodeInfo>& EpisodeSource::episodes() const { return d_->episodes; }
QStringList EpisodeSource::labelNames() const { return d_->labelNames; }
QString EpisodeSource::labelKey() const { return d_->labelKey; }
int EpisodeSource::qposDim() const { return d_->nq; }
bool EpisodeSource::posesRecorded() const { return d_->recordedQpos.defined(); }

double EpisodeSource::stepSeconds() const {
#ifdef VACO_WITH_MUJOCO
  if (d_->env) return d_->env->dt();
#endif
  return 0.0;
}

QVector<QRectF> EpisodeSource::mazeWalls() const { return d_->walls; }

QString EpisodeSource::mazeTask() const { return d_->walls.isEmpty() ? QString() : QString::fromStdString(d_->ds.env_name); }

QPolygonF EpisodeSource::path(int episode) const {
  if (d_->walls.isEmpty() || episode < 0 || episode >= d_->episodes.size() || d_->ds.obs_dim() < 2) return {};
  const EpisodeInfo& e = d_->episodes[episode];
  const torch::Tensor xy = d_->ds.observations.narrow(0, e.start, e.length).narrow(1, 0, 2).to(torch::kFloat64).contiguous();
  const double* p = xy.data_ptr<double>();
  QPolygonF out;
  out.reserve(e.length);
  for (qint64 t = 0; t < e.length; ++t) out << QPointF(p[2 * t], p[2 * t + 1]);
  return out;
}

QPointF EpisodeSource::goal(int episode) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto g = d_->ds.infos.find("infos/goal");
  if (g == d_->ds.infos.end() || episode < 0 || episode >= d_->episodes.size() || g->second.dim() != 2 || g->second.size(1) != 2)
    return {nan, nan};
  const torch::Tensor row = g->second[d_->episodes[episode].start].to(torch::kFloat64);
  return {row[0].item<double>(), row[1].item<double>()};
}

QVector<double> EpisodeSource::rewards(int episode) const {
  if (episode < 0 || episode >= d_->episodes.size()) return {};
  const EpisodeInfo& e = d_->episodes[episode];
  const torch::Tensor r = d_->ds.rewards.narrow(0, e.start, e.length).to(torch::kFloat64).contiguous();
  return QVector<double>(r.data_ptr<double>(), r.data_ptr<double>() + e.length);
}

QVector<float> EpisodeSource::observation(int episode, int step) const {
  if (episode < 0 || episode >= d_->episodes.size()) return {};
  const EpisodeInfo& e = d_->episodes[episode];
  if (step < 0 || step >= e.length) return {};
  const torch::Tensor o = d_->ds.observations[e.start + step].to(torch::kFloat32).contiguous();
  return QVector<float>(o.data_ptr<float>(), o.data_ptr<float>() + o.numel());
}

QVector<double> EpisodeSource::poses(int episode) const {
  if (episode < 0 || episode >= d_->episodes.size() || d_->nq == 0) return {};
  const EpisodeInfo& e = d_->episodes[episode];
  if (d_->recordedQpos.defined()) {
    const torch::Tensor q = d_->recordedQpos.narrow(0, e.start, e.length).contiguous();
    return QVector<double>(q.data_ptr<double>(), q.data_ptr<double>() + e.length * d_->nq);
  }
#ifdef VACO_WITH_MUJOCO
  const torch::Tensor obs = d_->ds.observations.narrow(0, e.start, e.length).to(torch::kFloat32).contiguous();
  const std::vector<double> q = poses_from_observations(
      *d_->env, std::span<const float>(obs.data_ptr<float>(), size_t(obs.numel())), e.length);
  return QVector<double>(q.begin(), q.end());
#else
  return {};
#endif
}

}  // namespace vaco::ui
