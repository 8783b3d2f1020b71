#include "core/train/trainer.h"

#include <limits>

#include <torch/serialize.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/train/algorithms.h"
#include "core/data/episodes.h"
#include "core/data/transitions.h"
#include "core/envs/projectile.h"
#include "core/train/csv_eval_sink.h"
#include "core/train/environment.h"
#include "core/train/jsonl_sink.h"
#include "core/train/run_dir.h"
#include "core/train/snapshot_sink.h"
#include "core/train/value_source.h"
#include "core/util/cuda_backend.h"
#include "core/util/cuda_graph.h"
#include "core/util/error.h"
#include "core/util/tensor_vector.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// Writes the normalization as {"mean": [...], "std": [...]}.
void save_stats(const StateStats& s, const std::string& path) {
  std::ofstream out(path);
  out << nlohmann::json{{"mean", to_vector<double>(s.mean)}, {"std", to_vector<double>(s.std)}}.dump(2) << "\n";
  if (!out) throw Error(path + ": cannot write");
}

}  // namespace

std::string to_string(Phase phase) {
  switch (phase) {
    case Phase::Value: return "value";
    case Phase::Policy: return "policy";
    case Phase::Done: return "done";
  }
  return "?";
}

Trainer::Trainer(const TrainConfig& config, const Dataset& dataset, const std::string& run_dir, bool resume)
    : config_(config), device_(torch::kCPU), run_dir_(run_dir), start_(std::chrono::steady_clock::now()) {
  config_.validate();
  device_ = resolve_device(config_.device);
  torch::set_num_threads(int(config_.threads));
  if (device_.is_cuda()) set_cuda_tf32(config_.tf32);
  if (dataset.size() < 2) throw Error("dataset '" + dataset.name + "' has fewer than 2 rows");

  Dataset ds = dataset;  // tensors are shared; only rewards/episodes are replaced
  if (ds.episodes.empty()) index_episodes(ds);
  env_id_ = !ds.env_name.empty() ? ds.env_name : guess_env_id(ds.name);
  if (ds.ref_min_score && ds.ref_max_score) score_reference_ = ReferenceReturns{*ds.ref_min_score, *ds.ref_max_score};
  const RewardTransform rt = config_.reward_transform == "auto" ? default_reward_transform(guess_env_name(env_id_))
                                                                : parse_reward_transform(config_.reward_transform);
  if (rt != RewardTransform::None) ds.rewards = transform_rewards(ds.rewards, ds, rt);
  Transitions t = make_transitions(ds);
  if (t.size() < 1) throw Error("dataset '" + dataset.name + "' has no transitions");

  // Projectile heights are scaled to [-1, 1]; some algorithms (TD3+BC) standardize states; the
  // rest use raw states.
  const AlgoSpec& spec = algorithm(config_.algo);
  const int64_t obs_dim = t.observations.size(1);
  if (is_projectile(env_id_)) {
    stats_.mean = torch::full({obs_dim}, projectile::kMaxHeight / 2.0, torch::kFloat32);
    stats_.std = torch::full({obs_dim}, projectile::kMaxHeight / 2.0, torch::kFloat32);
  } else if (spec.standardize_states) {
    stats_ = compute_state_stats(t.observations);
  } else {
    stats_.mean = torch::zeros({obs_dim}, torch::kFloat32);
    stats_.std = torch::ones({obs_dim}, torch::kFloat32);
  }
  ProbeOptions probe_options;
  probe_options.gamma = config_.value.gamma;
  if (config_.snapshot_episodes == "all") {
    probe_options.max_trajectories = std::numeric_limits<int64_t>::max();
    probe_options.max_trajectory_rows = std::numeric_limits<int64_t>::max();
  }
  probe_ = std::make_unique<AnalysisProbe>(t, ds, probe_options);
  t.observations = stats_.normalize(t.observations);
  t.next_observations = stats_.normalize(t.next_observations);

  sampler_ = std::make_unique<algos::BatchSampler>(t, device_, config_.batch_size, config_.seed + 1);
  graph_note_ = cuda_graph_off_note(config_, device_);
  if (device_.is_cuda() && config_.cuda_graph && graph_note_.empty()) graph_ = std::make_unique<algos::StepGraph>();
  const algos::RunContext ctx{
      .device = device_, .seed = config_.seed, .obs_dim = obs_dim, .act_dim = t.actions.size(1)};
  if (spec.value_phase) {
    algos::ValueConfig vc = config_.value;
    vc.shape = {.hidden = config_.hidden, .depth = config_.depth};
    critic_ = std::make_shared<algos::ValuePretraining>(vc, ctx);
    value_steps_ = config_.value_steps;
    if (!config_.value_from.empty()) {
      load_value_from(config_.value_from, config_, dataset.source_path, *critic_, device_);
      value_steps_ = 0;
    }
  }
  learner_ = spec.make(config_, ctx, critic_);
  policy_ = learner_->policy();

  if (resume && run_dir_.empty()) throw Error("resume needs a run directory");
  if (run_dir_.empty()) return;
  const RunDir dir(run_dir_);
  if (resume) {
    load_newest_checkpoint();
  } else {
    dir.create();
    save_config(config_, dir.config_json());
    save_stats(stats_, dir.normalization_json());
    dir.write_info({.dataset = dataset.name,
                    .dataset_path = dataset.source_path.empty() ? "" : fs::absolute(dataset.source_path).string(),
                    .env_id = env_id_,
                    .obs_dim = obs_dim,
                    .act_dim = t.actions.size(1),
                    .score_reference = score_reference_});
  }
  add_sink(std::make_shared<JsonlSink>(dir.metrics_jsonl()));
  add_sink(std::make_shared<CsvEvalSink>(dir.eval_csv()));
  if (resume)
    for (const std::string& n : resume_notes_) note(n);
  if (config_.snapshot_every > 0) add_sink(std::make_shared<SnapshotSink>(dir.snapshots()));
  if (resume && evaluation_missing_at_resume()) evaluate_on_schedule();  // the restored policy is that step's
}

bool Trainer::evaluation_due() const {
  const int64_t policy_step = global_step_ - value_steps_;
  return config_.eval_every > 0 && policy_step > 0 && policy_step % config_.eval_every == 0 &&
         global_step_ != total_steps();
}

bool Trainer::evaluation_missing_at_resume() {
  if (!evaluation_due()) return false;
  const std::string csv = RunDir(run_dir_).eval_csv();
  std::vector<EvalLine> lines;
  try {
    if (fs::exists(csv)) lines = read_eval_csv(csv);
  } catch (const Error& e) {
    note(std::string("not checking eval.csv for the evaluation at the checkpoint's step: ") + e.what());
    return false;
  }
  return std::none_of(lines.begin(), lines.end(), [this](const EvalLine& l) { return l.step == global_step_; });
}

void Trainer::add_sink(std::shared_ptr<MetricSink> sink) { sinks_.push_back(std::move(sink)); }

Phase Trainer::phase() const {
  if (global_step_ >= total_steps()) return Phase::Done;
  return global_step_ < value_steps_ ? Phase::Value : Phase::Policy;
}

std::string cuda_graph_off_note(const TrainConfig& config, torch::Device device) {
  if (!config.cuda_graph || !device.is_cuda()) return "";
  const std::string why = cuda_graph_unavailable_reason();
  return why.empty() ? "" : "cuda_graph: off, " + why;
}

std::string cuda_graph_capture_note(const std::string& learner, int64_t step, size_t seeds) {
  const std::string whose = seeds > 1 ? "the " + std::to_string(seeds) + " seeds' " + learner : learner + "'s";
  return "cuda_graph: " + whose + " step is captured at step " + std::to_string(step) + "; later steps replay it";
}

double Trainer::wall_time() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

bool Trainer::step() {
  std::optional<PendingUpdate> next = begin_step();
  if (!next) return false;
  if (graph_) {
    const bool was_captured = graph_->captured();
    graph_->step(*next->learner, next->batch);
    if (!was_captured && graph_->captured()) note(cuda_graph_capture_note(next->learner->name(), global_step_ + 1, 1));
  } else {
    next->learner->update(next->batch);
  }
  if (!graph_note_.empty()) {
    note(graph_note_);
    graph_note_.clear();
  }
  end_step();
  return true;
}

std::optional<PendingUpdate> Trainer::begin_step() {
  switch (phase()) {
    case Phase::Done:
      return std::nullopt;
    case Phase::Value:
      return PendingUpdate{.learner = critic_.get(), .batch = sampler_->sample()};
    case Phase::Policy:
      break;
  }
  if (!cache_done_) {
    cache_done_ = true;
    learner_->prepare_policy_phase(sampler_->all());
  }
  return PendingUpdate{.learner = learner_.get(), .batch = sampler_->sample()};
}

void Trainer::end_step() {
  const bool value_phase = global_step_ < value_steps_;
  ++global_step_;
  if (value_phase) {
    if (global_step_ % config_.log_every == 0 || global_step_ == value_steps_) drain(*critic_, "value");
    if (global_step_ == value_steps_ && !run_dir_.empty()) save_value_file(*critic_, run_dir_);
  } else {
    const int64_t policy_step = global_step_ - value_steps_;
    if (const int64_t every = learner_->return_agreement_every(); every > 0 && policy_step % every == 0) {
      learner_->observe_return_agreement(
          probe_->trajectory_return_agreement(*sampler_, *learner_, config_.batch_size));
    }
    if (policy_step % config_.log_every == 0 || global_step_ == total_steps()) drain(*learner_, "policy");
    if (evaluation_due()) evaluate_on_schedule();
    if (config_.snapshot_every > 0 && policy_step % config_.snapshot_every == 0) emit_snapshot();
  }
  report_background_evaluation(false);
  if (!run_dir_.empty() && config_.checkpoint_every > 0 && global_step_ % config_.checkpoint_every == 0 &&
      global_step_ != total_steps()) {
    write_checkpoint();
  }
}

void Trainer::drain(algos::Algorithm& algo, const std::string& phase) {
  if (algo.metrics().empty()) return;
  MetricRecord r{.step = global_step_, .phase = phase, .wall_time = wall_time(), .values = algo.metrics().drain()};
  if (r.wall_time > last_drain_time_ && global_step_ > last_drain_step_)
    r.values["steps_per_s"] = double(global_step_ - last_drain_step_) / (r.wall_time - last_drain_time_);
  last_drain_time_ = r.wall_time;
  last_drain_step_ = global_step_;
  for (auto& s : sinks_) s->on_record(r);
  throw_if_non_finite(r);
}

void Trainer::emit_eval(const EvalRecord& record) {
  for (auto& s : sinks_) s->on_eval(record);
}

EvalRecord Trainer::record_now(const EvalResult& result) const {
  return EvalRecord{.step = global_step_, .wall_time = wall_time(), .result = result};
}

void Trainer::report_background_evaluation(bool wait) {
  if (!background_eval_.pending()) return;
  if (auto r = wait ? background_eval_.wait() : background_eval_.take_finished()) emit_eval(*r);
}

void Trainer::evaluate_on_schedule() {
  const auto episodes = evaluation_episodes_or_skip(config_.eval_episodes);
  if (!episodes) return;
  if (!config_.eval_background) {
    emit_eval(record_now(evaluation_job(*episodes)()));
    return;
  }
  report_background_evaluation(true);
  background_eval_.start(global_step_, wall_time(), evaluation_job(*episodes));
}

void Trainer::note(const std::string& text) {
  for (auto& s : sinks_) s->on_note(text);
}

std::optional<int64_t> Trainer::evaluation_episodes_or_skip(int64_t requested) {
  if (eval_unavailable_ || requested == 0) return std::nullopt;
  try {
    (void)make_environment(env_id_);  // throws when the id is unknown
    return evaluation_episodes(env_id_, requested);
  } catch (const Error& e) {
    eval_unavailable_ = true;
    note(std::string("evaluation skipped: ") + e.what());
    return std::nullopt;
  }
}

BackgroundEvaluation::Job Trainer::evaluation_job(int64_t episodes) const {
  const StateStats stats{.mean = stats_.mean.clone(), .std = stats_.std.clone()};
  const EvalOptions options{.episodes = episodes, .seed = config_.seed + 1000000, .reference = score_reference_};
  return [policy = nets::cpu_copy(*policy_), stats, id = env_id_, options, threads = int(config_.threads)]() mutable {
    torch::set_num_threads(threads);  // OpenMP's team size is per thread: a new one starts at its default
    return evaluate_policy([&id] { return make_environment(id); },
                           [&](const torch::Tensor& obs) { return policy->forward(stats.normalize(obs.to(torch::kFloat32))); },
                           options);
  };
}

std::optional<EvalResult> Trainer::evaluate(int64_t requested) {
  const auto episodes = evaluation_episodes_or_skip(requested);
  if (!episodes) return std::nullopt;
  return evaluation_job(*episodes)();
}

std::string Trainer::score_source() const {
  return train::score_source(env_id_, score_reference_);
}

BatchQ Trainer::batch_q() const {
  if (critic_) return [c = critic_](const algos::Batch& b) { return c->q_value(b.observations, b.actions); };
  return [l = learner_.get()](const algos::Batch& b) { return l->q_value(b); };
}

torch::Tensor Trainer::q_values(const torch::Tensor& raw_observations, const torch::Tensor& actions) {
  torch::NoGradGuard no_grad;
  algos::Batch b;
  b.observations = stats_.normalize(raw_observations.to(torch::kCPU, torch::kFloat32)).to(device_);
  b.actions = actions.to(device_, torch::kFloat32);
  const torch::Tensor q = batch_q()(b);
  return q.defined() ? q.to(torch::kCPU, torch::kFloat64) : q;
}

analysis::AnalysisSnapshot Trainer::snapshot() {
  analysis::AnalysisSnapshot s = probe_->compute(*sampler_, *learner_, batch_q(), config_.batch_size);
  s.step = global_step_;
  return s;
}

void Trainer::emit_snapshot() {
  const analysis::AnalysisSnapshot s = snapshot();
  for (auto& sink : sinks_) sink->on_snapshot(s);
}

torch::Tensor Trainer::act(const torch::Tensor& raw_observations) {
  torch::NoGradGuard no_grad;
  const torch::Tensor obs = stats_.normalize(raw_observations.to(torch::kCPU, torch::kFloat32)).to(device_);
  return learner_->act(obs).to(torch::kCPU);
}

CheckpointParts Trainer::checkpoint_parts() {
  CheckpointParts p;
  p.generators.emplace_back("sampler", &sampler_->generator());
  p.counters = {{"global_step", &global_step_}, {"critic_steps", &critic_steps_}, {"learner_steps", &learner_steps_}};
  if (critic_) critic_->add_checkpoint_parts(p);
  learner_->add_checkpoint_parts(p);
  p.metrics.emplace_back("policy", &learner_->metrics());
  if (critic_) p.metrics.emplace_back("value", &critic_->metrics());
  return p;
}

void Trainer::save_checkpoint(const std::string& path) {
  critic_steps_ = critic_ ? critic_->steps() : 0;
  learner_steps_ = learner_->steps();
  train::save_checkpoint(checkpoint_parts(), path);
}

void Trainer::load_checkpoint(const std::string& path) {
  train::load_checkpoint(checkpoint_parts(), path, device_);
  if (critic_) critic_->set_steps(critic_steps_);
  learner_->set_steps(learner_steps_);
  last_drain_step_ = global_step_;
  if (global_step_ < 0 || global_step_ > total_steps())
    throw Error(path + ": step " + std::to_string(global_step_) + " is outside this run's " +
                std::to_string(total_steps()) + " steps");
}

std::string Trainer::checkpoint_dir() const { return RunDir(run_dir_).checkpoints(); }

void Trainer::write_checkpoint() {
  if (run_dir_.empty()) throw Error("checkpoints need a run directory");
  // eval.csv holds every evaluation before the checkpoint's step; one at that step a resume redoes.
  if (background_eval_.pending() && background_eval_.pending_step() < global_step_) report_background_evaluation(true);
  const std::string dir = checkpoint_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the checkpoint folder (" + ec.message() + ")");
  save_checkpoint((fs::path(dir) / checkpoint_file_name(global_step_)).string());
  prune_checkpoints(dir, config_.checkpoint_keep);
}

void Trainer::load_newest_checkpoint() {
  std::vector<std::string> candidates = list_checkpoints(checkpoint_dir());
  const std::string legacy = RunDir(run_dir_).legacy_checkpoint();
  if (fs::exists(legacy)) candidates.push_back(legacy);
  (void)load_first_readable(candidates, [this](const std::string& path) { load_checkpoint(path); }, resume_notes_,
                            run_dir_);
}

void Trainer::save_policy(const std::string& path) { save_module_file(*policy_, path); }

std::string error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.what();
  } catch (const c10::Error& e) {
    return e.what_without_backtrace();
  }
  return "";
}

RunResult Trainer::run(const std::atomic<bool>* stop, const std::function<void()>& between_steps) {
  return finish(error_of([&] {
    while (!(stop && stop->load()) && step()) {
      if (between_steps) between_steps();
    }
  }));
}

RunResult Trainer::finish(const std::string& error) {
  RunResult result;
  result.message = error.empty() ? error_of([&] {
    report_background_evaluation(true);
    if (global_step_ < total_steps()) {
      result.status = RunStatus::Interrupted;
      if (!run_dir_.empty()) write_checkpoint();
    }
    if (config_.snapshot_every > 0 && global_step_ > value_steps_ &&
        (global_step_ - value_steps_) % config_.snapshot_every != 0)
      emit_snapshot();
    if (config_.eval_episodes != 0) {
      result.last_eval = evaluate(config_.eval_episodes);
      if (result.last_eval) emit_eval(record_now(*result.last_eval));
    }
    if (!run_dir_.empty()) save_policy(RunDir(run_dir_).policy_pt());
  }) : error;
  if (!result.message.empty()) result.status = RunStatus::Failed;
  for (auto& s : sinks_) s->on_finished(result.status, result.message);
  return result;
}

}  // namespace vaco::train
