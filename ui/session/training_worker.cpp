// Core (torch) headers come before Qt headers: Qt defines `slots` and `signals` as macros.
#include "core/data/read_dataset.h"
#include "core/datagen/projectile_datagen.h"
#include "core/envs/projectile.h"
#include "core/train/environment.h"
#include "core/train/run_dir.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/tensor_vector.h"
#include "ui/session/thread_handoff.h"
#include "ui/session/training_worker.h"

#include <QDir>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

namespace vaco::ui {
namespace {

// Collects what the trainer reports (on the worker thread) until the worker sends it.
class StreamSink : public train::MetricSink {
 public:
  void on_record(const train::MetricRecord& r) override {
    batch.records.push_back(r);
  }
  void on_eval(const train::EvalRecord& r) override {
    batch.evals.push_back(StreamEval{.step = r.step,
                                     .wall_time = r.wall_time,
                                     .episodes = r.result.episodes,
                                     .return_mean = r.result.return_mean,
                                     .return_std = r.result.return_std,
                                     .score_mean = r.result.score_mean,
                                     .score_std = r.result.score_std});
  }
  void on_note(const std::string& note) override { batch.notes.push_back(QString::fromStdString(note)); }
  void on_snapshot(const analysis::AnalysisSnapshot& s) override {
    last_snapshot = std::make_shared<const analysis::AnalysisSnapshot>(s);
  }

  StreamBatch batch;
  std::shared_ptr<const analysis::AnalysisSnapshot> last_snapshot;  ///< from the trainer's own schedule
};

// The dataset of a job: the projectile toy generated in memory, or a D4RL file. A resumed run
// reads its dataset from run.json; an empty path there means the in-memory projectile toy.
Dataset load_dataset(const TrainingJob& job, const std::string& resumed_path, bool resumed_projectile) {
  if (job.projectile || (job.datasetPath.isEmpty() && resumed_path.empty() && resumed_projectile))
    return generate_projectile_dataset();
  const std::string path = !job.datasetPath.isEmpty() ? job.datasetPath.toStdString() : resumed_path;
  if (path.empty()) throw Error("no dataset: open a D4RL file or generate the projectile dataset first");
  return read_dataset(path);
}

// A tensor's values as doubles, for a payload.
QVector<double> qvector_of(const torch::Tensor& t) {
  const std::vector<double> values = to_vector<double>(t);
  return QVector<double>(values.begin(), values.end());
}

// On the projectile: the angle (degrees) the policy picks at 101 heights in [0, 10] m, and the
// critic's Q on the payload's heights x angles grid (none without a critic).
void projectile_views(train::Trainer& trainer, SnapshotPayload& p) {
  const torch::Tensor h = torch::linspace(0.0, projectile::kMaxHeight, 101, torch::kFloat32).unsqueeze(1);
  p.heights = qvector_of(h);
  p.anglesDeg = qvector_of(trainer.act(h).select(1, 0).to(torch::kFloat64) * 90.0);
  // The critic's Q over heights x angles (actions are angles / 90 degrees).
  const torch::Tensor grid_h = torch::linspace(0.0, projectile::kMaxHeight, SnapshotPayload::kQHeights, torch::kFloat32);
  const torch::Tensor grid_a = torch::linspace(-1.0, 1.0, SnapshotPayload::kQAngles, torch::kFloat32);
  const torch::Tensor q = trainer.q_values(grid_h.repeat_interleave(SnapshotPayload::kQAngles).unsqueeze(1),
                                           grid_a.repeat(SnapshotPayload::kQHeights).unsqueeze(1));
  if (q.defined()) p.qGrid = qvector_of(q);
}

}  // namespace

ThreadHandoff& trainingHandoff() {
  static ThreadHandoff handoff;
  return handoff;
}

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {
  qRegisterMetaType<vaco::ui::StreamBatch>();
  qRegisterMetaType<vaco::ui::SnapshotPayload>();
  qRegisterMetaType<vaco::ui::TrainingJob>();
  qRegisterMetaType<vaco::ui::EpisodeProbe>();
}

void TrainingWorker::pause() { paused_.store(true); }

void TrainingWorker::resume() {
  {
    std::lock_guard lock(mutex_);
    paused_.store(false);
  }
  wake_.notify_all();
}

void TrainingWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
}

void TrainingWorker::requestSnapshot() { snapshot_wanted_.store(true); }

void TrainingWorker::requestEpisodeProbe(int episode, qint64 start, qint64 length) {
  {
    std::lock_guard lock(mutex_);
    probe_episode_ = episode;
    probe_start_ = start;
    probe_length_ = length;
  }
  probe_wanted_.store(true);
}

void TrainingWorker::run() {
  const TrainingJob& job = job_;
  using Clock = std::chrono::steady_clock;
  std::unique_ptr<train::Trainer> trainer;
  auto sink = std::make_shared<StreamSink>();
  std::string dataset_name;
  torch::Tensor dataset_obs, dataset_act;  ///< the raw rows, for episode probes
  try {
    train::TrainConfig config;
    std::string dataset_path;
    bool resumed_projectile = false;
    const std::string run_dir = job.runDir.toStdString();
    if (job.resume) {
      const train::RunDir dir(run_dir);
      config = train::load_config(dir.config_json());
      if (const std::optional<train::RunInfo> info = dir.info_if_any()) {
        dataset_path = info->dataset_path;
        resumed_projectile = train::is_projectile(info->env_id);
      }
    } else {
      for (const QString& o : job.overrides) train::apply_override(config, o.toStdString());
    }
    const Dataset ds = load_dataset(job, dataset_path, resumed_projectile);
    dataset_name = ds.name;
    dataset_obs = ds.observations;
    dataset_act = ds.actions;
    trainer = std::make_unique<train::Trainer>(config, ds, run_dir, job.resume);
  } catch (const Error& e) {
    trainingHandoff().send();
    emit finished("failed", QString::fromStdString(e.what()));
    return;
  } catch (const std::exception& e) {
    trainingHandoff().send();
    emit finished("failed", QString::fromStdString(e.what()));
    return;
  }
  trainer->add_sink(sink);
  const bool projectile_env = train::is_projectile(trainer->env_id());
  trainingHandoff().send();
  nlohmann::json identity = train::config_to_json(trainer->config());
  identity["dataset"] = dataset_name;
  identity["env_id"] = trainer->env_id();
  emit started(job.runDir, QString::fromStdString(trainer->config().algo), QString::fromStdString(trainer->env_id()),
               trainer->total_steps() - trainer->config().steps, trainer->total_steps(),
               QString::fromStdString(identity.dump()));

  // Takes a snapshot now and sends it.
  double snapshot_cost = 0;
  Clock::time_point last_snapshot = Clock::now();
  const auto send_snapshot = [&](std::shared_ptr<const analysis::AnalysisSnapshot> ready) {
    const auto t0 = Clock::now();
    SnapshotPayload p;
    const bool ready_made = ready != nullptr;
    p.snapshot = ready ? std::move(ready) : std::make_shared<const analysis::AnalysisSnapshot>(trainer->snapshot());
    if (projectile_env) projectile_views(*trainer, p);
    last_snapshot = Clock::now();
    const double cost = std::chrono::duration<double>(last_snapshot - t0).count();
    if (!ready_made) p.seconds = snapshot_cost = cost;
    trainingHandoff().send();
    emit snapshot(p);
  };

  // Rate over the last second or so, for the progress bar.
  Clock::time_point last_emit = Clock::now(), rate_time = last_emit;
  qint64 rate_step = trainer->global_step();
  double rate = 0;
  const auto flush = [&](bool force) {
    const auto now = Clock::now();
    if (!force && now - last_emit < std::chrono::milliseconds(kEmitIntervalMs)) return;
    last_emit = now;
    const double dt = std::chrono::duration<double>(now - rate_time).count();
    if (dt >= 0.5) {
      const double r = double(trainer->global_step() - rate_step) / dt;
      rate = rate > 0 ? 0.5 * rate + 0.5 * r : r;
      rate_time = now;
      rate_step = trainer->global_step();
    }
    if (!sink->batch.empty()) {
      trainingHandoff().send();
      emit metrics(sink->batch);
      sink->batch = StreamBatch();
    }
    trainingHandoff().send();
    emit progress(QString::fromStdString(train::to_string(trainer->phase())), trainer->global_step(),
                  trainer->total_steps(), rate);
  };

  // Answers a pending episode probe with the current networks.
  const auto answer_probe = [&] {
    EpisodeProbe p;
    qint64 length = 0;
    {
      std::lock_guard lock(mutex_);
      p.episode = probe_episode_;
      p.start = probe_start_;
      length = probe_length_;
    }
    p.step = trainer->global_step();
    if (p.start >= 0 && length > 0 && p.start + length <= dataset_obs.size(0)) {
      torch::NoGradGuard no_grad;
      const torch::Tensor obs = dataset_obs.narrow(0, p.start, length);
      const torch::Tensor act = dataset_act.narrow(0, p.start, length).to(torch::kFloat32);
      const torch::Tensor q = trainer->q_values(obs, act);
      if (q.defined()) p.q = qvector_of(q);
      p.actionDistance = qvector_of((act - trainer->act(obs).to(torch::kFloat32)).norm(2, 1));
    }
    trainingHandoff().send();
    emit episodeProbe(p);
  };

  const auto between_steps = [&] {
    steps_done_.store(trainer->global_step());
    if (probe_wanted_.exchange(false)) answer_probe();
    if (sink->last_snapshot) send_snapshot(std::exchange(sink->last_snapshot, nullptr));
    const double since = std::chrono::duration<double>(Clock::now() - last_snapshot).count();
    const bool due = trainer->phase() == train::Phase::Policy &&
                     since >= std::max(kMinSnapshotIntervalS, 30.0 * snapshot_cost);
    if (snapshot_wanted_.exchange(false) || due) send_snapshot(nullptr);
    flush(false);
    if (paused_.load() && !stop_.load()) {
      flush(true);
      trainingHandoff().send();
      emit pausedChanged(true);
      const auto held = Clock::now();
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !paused_.load() || stop_.load(); });
      lock.unlock();
      rate_time += Clock::now() - held;  // the pause is no training time
      trainingHandoff().send();
      emit pausedChanged(false);
    }
  };
  const train::RunResult result = trainer->run(&stop_, between_steps);
  steps_done_.store(trainer->global_step());
  if (result.status != train::RunStatus::Failed) {
    try {
      send_snapshot(std::exchange(sink->last_snapshot, nullptr));
    } catch (const std::exception& e) {
      sink->batch.notes.push_back(QString("final snapshot failed: ") + e.what());
    }
  }
  flush(true);
  trainingHandoff().send();
  emit finished(QString::fromStdString(train::to_string(result.status)), QString::fromStdString(result.message));
}

}  // namespace vaco::ui
