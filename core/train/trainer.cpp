#include "core/train/trainer.h"

#include <torch/serialize.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/algos/bc.h"
#include "core/algos/iql.h"
#include "core/algos/td3bc.h"
#include "core/algos/vaco.h"
#include "core/algos/weighted_bc.h"
#include "core/data/episodes.h"
#include "core/data/transitions.h"
#include "core/envs/projectile.h"
#include "core/train/csv_eval_sink.h"
#include "core/train/environment.h"
#include "core/train/jsonl_sink.h"
#include "core/train/snapshot_sink.h"
#include "core/util/error.h"
#include "core/util/tensor_vector.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// The policy network of any of the learners.
nets::Policy policy_of(algos::PolicyAlgorithm& a) {
  if (auto* p = dynamic_cast<algos::Vaco*>(&a)) return p->policy();
  if (auto* p = dynamic_cast<algos::Bc*>(&a)) return p->policy();
  if (auto* p = dynamic_cast<algos::WeightedBc*>(&a)) return p->policy();
  if (auto* p = dynamic_cast<algos::Iql*>(&a)) return p->policy();
  if (auto* p = dynamic_cast<algos::Td3Bc*>(&a)) return p->policy();
  throw Error("trainer: unknown learner " + a.name());
}

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
  if (dataset.size() < 2) throw Error("dataset '" + dataset.name + "' has fewer than 2 rows");

  Dataset ds = dataset;  // tensors are shared; only rewards/episodes are replaced
  if (ds.episodes.empty()) index_episodes(ds);
  env_id_ = !ds.env_name.empty() ? ds.env_name : guess_env_name(ds.name);
  const RewardTransform rt = config_.reward_transform == "auto" ? default_reward_transform(guess_env_name(env_id_))
                                                                : parse_reward_transform(config_.reward_transform);
  if (rt != RewardTransform::None) ds.rewards = transform_rewards(ds.rewards, ds, rt);
  Transitions t = make_transitions(ds);
  if (t.size() < 1) throw Error("dataset '" + dataset.name + "' has no transitions");

  // Projectile heights are scaled to [-1, 1]; TD3+BC standardizes states; the rest use raw states.
  const int64_t obs_dim = t.observations.size(1);
  if (is_projectile(env_id_)) {
    stats_.mean = torch::full({obs_dim}, projectile::kMaxHeight / 2.0, torch::kFloat32);
    stats_.std = torch::full({obs_dim}, projectile::kMaxHeight / 2.0, torch::kFloat32);
  } else if (config_.algo == "td3bc") {
    stats_ = compute_state_stats(t.observations);
  } else {
    stats_.mean = torch::zeros({obs_dim}, torch::kFloat32);
    stats_.std = torch::ones({obs_dim}, torch::kFloat32);
  }
  probe_ = std::make_unique<AnalysisProbe>(t, ds);
  t.observations = stats_.normalize(t.observations);
  t.next_observations = stats_.normalize(t.next_observations);

  sampler_ = std::make_unique<algos::BatchSampler>(t, device_, config_.batch_size, config_.seed + 1);
  const algos::RunContext ctx{
      .device = device_, .seed = config_.seed, .obs_dim = obs_dim, .act_dim = t.actions.size(1)};
  const nets::NetShape shape{.hidden = config_.hidden, .depth = config_.depth};
  if (config_.needs_value_phase()) {
    algos::ValueConfig vc = config_.value;
    vc.shape = shape;
    critic_ = std::make_shared<algos::ValuePretraining>(vc, ctx);
    value_steps_ = config_.value_steps;
  }
  const std::string& a = config_.algo;
  if (a == "vaco") {
    algos::VacoConfig vc = config_.vaco;
    vc.policy_shape = shape;
    vc.scorer.shape = shape;
    vc.schedule_steps = std::max<int64_t>(1, config_.steps);
    learner_ = std::make_unique<algos::Vaco>(vc, ctx, critic_);
  } else if (a == "bc") {
    algos::BcConfig bc = config_.bc;
    bc.policy_shape = shape;
    learner_ = std::make_unique<algos::Bc>(bc, ctx);
  } else if (a == "bc-recip" || a == "awr") {
    algos::WeightedBcConfig wc = config_.weighted_bc;
    wc.policy_shape = shape;
    wc.weight = a == "awr" ? algos::HeuristicWeight::Awr : algos::HeuristicWeight::Reciprocal;
    learner_ = std::make_unique<algos::WeightedBc>(wc, ctx, critic_);
  } else if (a == "iql") {
    algos::IqlConfig ic = config_.iql;
    ic.policy_shape = shape;
    ic.schedule_steps = std::max<int64_t>(1, config_.steps);
    learner_ = std::make_unique<algos::Iql>(ic, ctx, critic_);
  } else {
    algos::Td3BcConfig tc = config_.td3bc;
    tc.shape = shape;
    learner_ = std::make_unique<algos::Td3Bc>(tc, ctx);
  }
  policy_ = policy_of(*learner_);

  if (resume) {
    if (run_dir_.empty()) throw Error("resume needs a run directory");
    load_newest_checkpoint();
    add_sink(std::make_shared<JsonlSink>((fs::path(run_dir_) / "metrics.jsonl").string()));
    add_sink(std::make_shared<CsvEvalSink>((fs::path(run_dir_) / "eval.csv").string()));
    for (const std::string& n : resume_notes_) note(n);
    if (config_.snapshot_every > 0) add_sink(std::make_shared<SnapshotSink>((fs::path(run_dir_) / "snapshots").string()));
  } else if (!run_dir_.empty()) {
    std::error_code ec;
    fs::create_directories(run_dir_, ec);
    if (ec) throw Error(run_dir_ + ": cannot create the run directory (" + ec.message() + ")");
    save_config(config_, (fs::path(run_dir_) / "config.json").string());
    save_stats(stats_, (fs::path(run_dir_) / "normalization.json").string());
    std::ofstream run_info(fs::path(run_dir_) / "run.json");
    run_info << nlohmann::json{{"dataset", dataset.name},
                               {"dataset_path", dataset.source_path.empty() ? "" : fs::absolute(dataset.source_path).string()},
                               {"env_id", env_id_},
                               {"obs_dim", obs_dim},
                               {"act_dim", t.actions.size(1)}}
                    .dump(2)
             << "\n";
    if (!run_info) throw Error(run_dir_ + ": cannot write run.json");
    add_sink(std::make_shared<JsonlSink>((fs::path(run_dir_) / "metrics.jsonl").string()));
    add_sink(std::make_shared<CsvEvalSink>((fs::path(run_dir_) / "eval.csv").string()));
    if (config_.snapshot_every > 0) add_sink(std::make_shared<SnapshotSink>((fs::path(run_dir_) / "snapshots").string()));
  }
}

void Trainer::add_sink(std::shared_ptr<MetricSink> sink) { sinks_.push_back(std::move(sink)); }

Phase Trainer::phase() const {
  if (global_step_ >= total_steps()) return Phase::Done;
  return global_step_ < value_steps_ ? Phase::Value : Phase::Policy;
}

double Trainer::wall_time() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

bool Trainer::step() {
  if (!step_once()) return false;
  if (!run_dir_.empty() && config_.checkpoint_every > 0 && global_step_ % config_.checkpoint_every == 0 &&
      global_step_ != total_steps()) {
    write_checkpoint();
  }
  return true;
}

bool Trainer::step_once() {
  switch (phase()) {
    case Phase::Done:
      return false;
    case Phase::Value:
      critic_->update(sampler_->sample());
      ++global_step_;
      if (global_step_ % config_.log_every == 0 || global_step_ == value_steps_) drain(*critic_, "value");
      return true;
    case Phase::Policy:
      break;
  }
  if (!cache_done_) {
    cache_done_ = true;
    if (auto* v = dynamic_cast<algos::Vaco*>(learner_.get()); v && !v->config().update_critic)
      v->cache_q_values(sampler_->all());
  }
  learner_->update(sampler_->sample());
  ++global_step_;
  const int64_t policy_step = global_step_ - value_steps_;
  if (policy_step % config_.log_every == 0 || global_step_ == total_steps()) drain(*learner_, "policy");
  if (config_.eval_every > 0 && policy_step % config_.eval_every == 0 && global_step_ != total_steps()) {
    if (auto e = evaluate(config_.eval_episodes)) emit_eval(*e);
  }
  if (config_.snapshot_every > 0 && policy_step % config_.snapshot_every == 0) emit_snapshot();
  return true;
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

void Trainer::emit_eval(const EvalResult& result) {
  const EvalRecord r{.step = global_step_, .wall_time = wall_time(), .result = result};
  for (auto& s : sinks_) s->on_eval(r);
}

void Trainer::note(const std::string& text) {
  for (auto& s : sinks_) s->on_note(text);
}

std::optional<EvalResult> Trainer::evaluate(int64_t episodes) {
  if (eval_unavailable_ || episodes < 1) return std::nullopt;
  try {
    (void)make_environment(env_id_);
  } catch (const Error& e) {
    eval_unavailable_ = true;
    note(std::string("evaluation skipped: ") + e.what());
    return std::nullopt;
  }
  const std::string id = env_id_;
  return evaluate_policy([id] { return make_environment(id); },
                         [this](const torch::Tensor& obs) { return act(obs); },
                         EvalOptions{.episodes = episodes, .seed = config_.seed + 1000000});
}

analysis::AnalysisSnapshot Trainer::snapshot() {
  BatchQ q;
  if (critic_) {
    q = [c = critic_](const algos::Batch& b) { return c->q_value(b.observations, b.actions); };
  } else if (auto* t = dynamic_cast<algos::Td3Bc*>(learner_.get())) {
    q = [t](const algos::Batch& b) {
      torch::NoGradGuard no_grad;
      return t->critic()->min_q(b.observations, b.actions);
    };
  }
  analysis::AnalysisSnapshot s = probe_->compute(*sampler_, *learner_, q, config_.batch_size);
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
  if (critic_) {
    p.modules = {{"value.q", critic_->q().ptr().get()},
                 {"value.q_target", critic_->q_target().ptr().get()},
                 {"value.v", critic_->v().ptr().get()}};
    p.optimizers = {{"value.v", &critic_->v_optimizer()}, {"value.q", &critic_->q_optimizer()}};
  }
  p.modules.emplace_back("policy", policy_.ptr().get());
  p.metrics.emplace_back("policy", &learner_->metrics());
  if (critic_) p.metrics.emplace_back("value", &critic_->metrics());
  if (auto* v = dynamic_cast<algos::Vaco*>(learner_.get())) {
    p.modules.emplace_back("scorer", v->scorer().ptr().get());
    p.optimizers.emplace_back("policy", &v->policy_optimizer());
    p.optimizers.emplace_back("meta", &v->meta_optimizer());
    p.generators.emplace_back("noise", &v->noise_generator());
  } else if (auto* b = dynamic_cast<algos::Bc*>(learner_.get())) {
    p.optimizers.emplace_back("policy", &b->optimizer());
  } else if (auto* w = dynamic_cast<algos::WeightedBc*>(learner_.get())) {
    p.optimizers.emplace_back("policy", &w->optimizer());
  } else if (auto* i = dynamic_cast<algos::Iql*>(learner_.get())) {
    p.optimizers.emplace_back("policy", &i->optimizer());
  } else if (auto* t = dynamic_cast<algos::Td3Bc*>(learner_.get())) {
    p.modules.emplace_back("actor_target", t->actor_target().ptr().get());
    p.modules.emplace_back("critic", t->critic().ptr().get());
    p.modules.emplace_back("critic_target", t->critic_target().ptr().get());
    p.optimizers.emplace_back("actor", &t->actor_optimizer());
    p.optimizers.emplace_back("critic", &t->critic_optimizer());
    p.generators.emplace_back("noise", &t->noise_generator());
  }
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

std::string Trainer::checkpoint_dir() const { return (fs::path(run_dir_) / "checkpoints").string(); }

void Trainer::write_checkpoint() {
  if (run_dir_.empty()) throw Error("checkpoints need a run directory");
  const std::string dir = checkpoint_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the checkpoint folder (" + ec.message() + ")");
  save_checkpoint((fs::path(dir) / checkpoint_file_name(global_step_)).string());
  prune_checkpoints(dir, config_.checkpoint_keep);
}

void Trainer::load_newest_checkpoint() {
  std::vector<std::string> candidates = list_checkpoints(checkpoint_dir());
  const std::string legacy = (fs::path(run_dir_) / "checkpoint.pt").string();
  if (fs::exists(legacy)) candidates.push_back(legacy);
  (void)load_first_readable(candidates, [this](const std::string& path) { load_checkpoint(path); }, resume_notes_,
                            run_dir_);
}

void Trainer::save_policy(const std::string& path) { save_module_file(*policy_, path); }

RunResult Trainer::run(const std::atomic<bool>* stop, const std::function<void()>& between_steps) {
  RunResult result;
  try {
    while (!(stop && stop->load()) && step()) {
      if (between_steps) between_steps();
    }
    if (global_step_ < total_steps()) {
      result.status = RunStatus::Interrupted;
      if (!run_dir_.empty()) write_checkpoint();
    }
    if (config_.snapshot_every > 0 && global_step_ > value_steps_ &&
        (global_step_ - value_steps_) % config_.snapshot_every != 0)
      emit_snapshot();
    if (config_.eval_episodes > 0) {
      result.last_eval = evaluate(config_.eval_episodes);
      if (result.last_eval) emit_eval(*result.last_eval);
    }
    if (!run_dir_.empty()) save_policy((fs::path(run_dir_) / "policy.pt").string());
  } catch (const Error& e) {
    result.status = RunStatus::Failed;
    result.message = e.what();
  } catch (const c10::Error& e) {
    result.status = RunStatus::Failed;
    result.message = e.what_without_backtrace();
  }
  for (auto& s : sinks_) s->on_finished(result.status, result.message);
  return result;
}

}  // namespace vaco::train
