#include "core/online/sac_run.h"

#include <cmath>
#include <filesystem>

#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "core/online/sac_run_dir.h"
#include "core/train/config_fields.h"
#include "core/train/csv_eval_sink.h"
#include "core/train/environment.h"
#include "core/train/jsonl_sink.h"
#include "core/train/run_dir.h"
#include "core/train/train_config.h"
#include "core/util/error.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/mujoco_env.h"
#endif

namespace vaco::online {
namespace {

namespace fs = std::filesystem;

// The reset seed of episode k of a run seeded `seed` (distinct per run and episode).
uint64_t episode_seed(uint64_t seed, int64_t k) { return seed * 0x9E3779B97F4A7C15ULL + uint64_t(k) + 1; }

// Creates `dir` or throws naming it.
void make_dir(const std::string& dir, const char* what) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the " + std::string(what) + " (" + ec.message() + ")");
}

// Joint position and velocity widths of a MuJoCo env (0, 0 for others).
std::pair<int64_t, int64_t> joint_widths(const Env& env) {
#ifdef VACO_WITH_MUJOCO
  if (const auto* mj = dynamic_cast<const MujocoEnv*>(&env)) return {mj->qpos_dim(), mj->qvel_dim()};
#endif
  return {0, 0};
}

// Copies a MuJoCo env's current joint state into qpos and qvel (other envs have none).
void read_joint_state(const Env& env, std::vector<double>& qpos, std::vector<double>& qvel) {
#ifdef VACO_WITH_MUJOCO
  if (const auto* mj = dynamic_cast<const MujocoEnv*>(&env)) {
    qpos.assign(mj->qpos().begin(), mj->qpos().end());
    qvel.assign(mj->qvel().begin(), mj->qvel().end());
  }
#endif
}

}  // namespace

SacRun::SacRun(const SacRunConfig& config, const std::string& run_dir, bool resume)
    : config_(config), device_(torch::kCPU), run_dir_(run_dir), start_(std::chrono::steady_clock::now()) {
  config_.validate();
  device_ = train::resolve_device(config_.device);
  torch::set_num_threads(int(config_.threads));
  env_ = train::make_environment(config_.env);
  const int64_t od = env_->observation_dim(), ad = env_->action_dim();
  const auto [nq, nv] = joint_widths(*env_);
  buffer_ = std::make_unique<ReplayBuffer>(std::min(config_.buffer_size, config_.steps), od, ad, nq, nv);
  learner_ = std::make_unique<algos::Sac>(config_.sac,
                                          algos::RunContext{.device = device_, .seed = config_.seed, .obs_dim = od, .act_dim = ad});
  sample_gen_ = algos::make_generator(torch::kCPU, config_.seed + 1);
  warmup_gen_ = algos::make_generator(torch::kCPU, config_.seed + 2);
  explore_gen_ = algos::make_generator(device_, config_.seed + 3);
  next_obs_.resize(size_t(od));
  action_.resize(size_t(ad));
  start_episode();

  if (run_dir_.empty()) {
    if (resume) throw Error("resume needs a run directory");
    return;
  }
  if (resume) {
    std::vector<std::string> candidates = train::list_checkpoints(train::RunDir(run_dir_).checkpoints());
    (void)train::load_first_readable(candidates, [this](const std::string& p) { load_checkpoint(p); }, resume_notes_,
                                     run_dir_);
  } else {
    make_dir(run_dir_, "run directory");
    const train::RunDir dir(run_dir_);
    save_sac_config(config_, dir.config_json());
    dir.write_info({.kind = "sac", .env_id = config_.env, .obs_dim = od, .act_dim = ad});
  }
  add_sink(std::make_shared<train::JsonlSink>(train::RunDir(run_dir_).metrics_jsonl()));
  add_sink(std::make_shared<train::CsvEvalSink>(train::RunDir(run_dir_).progress_csv()));
  for (const std::string& n : resume_notes_)
    for (auto& s : sinks_) s->on_note(n);
}

void SacRun::add_sink(std::shared_ptr<train::MetricSink> sink) { sinks_.push_back(std::move(sink)); }

double SacRun::wall_time() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void SacRun::start_episode() {
  obs_ = env_->reset(episode_seed(config_.seed, episodes_));
  ++episodes_;
  episode_steps_ = 0;
  episode_return_ = 0.0;
}

bool SacRun::step() {
  if (env_steps_ >= config_.steps) return false;
  const int64_t od = env_->observation_dim(), ad = env_->action_dim();
  // The behaviour: uniform actions before learning starts, then samples of the policy.
  float log_prob = 0.0f;
  if (env_steps_ < config_.learning_starts) {
    const torch::Tensor u = torch::rand({ad}, warmup_gen_) * 2.0 - 1.0;
    std::copy_n(u.data_ptr<float>(), ad, action_.begin());
    log_prob = float(-double(ad) * std::log(2.0));
  } else {
    const torch::Tensor o = torch::from_blob(obs_.data(), {1, od}, torch::kFloat32).to(device_);
    const nets::PolicySample s = learner_->explore(o, explore_gen_);
    const torch::Tensor a = s.action.to(torch::kCPU).contiguous();
    std::copy_n(a.data_ptr<float>(), ad, action_.begin());
    log_prob = s.log_prob.item<float>();
  }
  read_joint_state(*env_, qpos_, qvel_);
  const StepOutcome r = env_->step_into(action_, next_obs_);
  ++episode_steps_;
  ++env_steps_;
  episode_return_ += r.reward;
  const bool timeout = !r.terminated && (r.truncated || episode_steps_ >= env_->max_episode_steps());
  buffer_->add({.observation = obs_, .action = action_, .next_observation = next_obs_, .reward = float(r.reward),
                .terminal = r.terminated, .timeout = timeout, .qpos = qpos_, .qvel = qvel_, .log_prob = log_prob});
  if (r.terminated || timeout) {
    learner_->metrics().add_scalar("episode_return", episode_return_);
    learner_->metrics().add_scalar("episode_length", double(episode_steps_));
    start_episode();
  } else {
    obs_.swap(next_obs_);
  }
  if (env_steps_ >= config_.learning_starts) {
    for (int64_t k = 0; k < config_.updates_per_step; ++k)
      learner_->update(buffer_->sample(config_.batch_size, sample_gen_, device_));
  }
  if (env_steps_ % config_.log_every == 0 || env_steps_ == config_.steps) drain();
  if (env_steps_ % config_.checkpoint_every == 0 || env_steps_ == config_.steps) checkpoint_boundary();
  return true;
}

void SacRun::drain() {
  if (learner_->metrics().empty()) return;
  train::MetricRecord r{.step = env_steps_, .phase = "sac", .wall_time = wall_time(), .values = learner_->metrics().drain()};
  if (r.wall_time > last_drain_time_ && env_steps_ > last_drain_step_)
    r.values["steps_per_s"] = double(env_steps_ - last_drain_step_) / (r.wall_time - last_drain_time_);
  last_drain_time_ = r.wall_time;
  last_drain_step_ = env_steps_;
  for (auto& s : sinks_) s->on_record(r);
  train::throw_if_non_finite(r);
}

EvalResult SacRun::evaluate(int64_t episodes) {
  const std::string id = config_.env;
  return evaluate_policy([id] { return train::make_environment(id); },
                         [this](const torch::Tensor& obs) { return learner_->act(obs.to(device_)).to(torch::kCPU); },
                         EvalOptions{.episodes = episodes, .seed = config_.seed + 1000000});
}

void SacRun::checkpoint_boundary() {
  if (config_.eval_episodes > 0) {
    const train::EvalRecord e{.step = env_steps_, .wall_time = wall_time(), .result = evaluate(config_.eval_episodes)};
    for (auto& s : sinks_) s->on_eval(e);
  }
  if (run_dir_.empty()) return;
  const std::string policies = train::RunDir(run_dir_).policies();
  make_dir(policies, "policy folder");
  train::save_module_file(*learner_->policy(), (fs::path(policies) / policy_file_name(env_steps_)).string());
  write_checkpoint();
}

train::CheckpointParts SacRun::checkpoint_parts() {
  train::CheckpointParts p;
  learner_->add_checkpoint_parts(p);
  p.generators.insert(p.generators.end(), {{"sampler", &sample_gen_}, {"warmup", &warmup_gen_}, {"explore", &explore_gen_}});
  p.counters = {{"env_steps", &env_steps_}, {"episodes", &episodes_}, {"episode_steps", &episode_steps_},
                {"learner_steps", &learner_steps_}};
  p.tensors = {{"env_state", &env_state_}, {"observation", &obs_state_}, {"episode_return", &return_state_}};
  p.metrics = {{"sac", &learner_->metrics()}};
  return p;
}

void SacRun::write_checkpoint() {
  if (run_dir_.empty()) throw Error("checkpoints need a run directory");
  // The buffer first: a checkpoint is only written once the rows it needs are on disk.
  write_d4rl(buffer_->to_dataset(config_.env + "-sac-replay", config_.env), train::RunDir(run_dir_).replay_hdf5());
  const std::vector<double> state = env_->save_state();
  env_state_ = torch::tensor(state, torch::kFloat64);
  obs_state_ = torch::tensor(obs_, torch::kFloat32);
  return_state_ = torch::tensor(episode_return_, torch::kFloat64);
  learner_steps_ = learner_->steps();
  const std::string dir = train::RunDir(run_dir_).checkpoints();
  make_dir(dir, "checkpoint folder");
  train::save_checkpoint(checkpoint_parts(), (fs::path(dir) / train::checkpoint_file_name(env_steps_)).string());
  train::prune_checkpoints(dir, config_.checkpoint_keep);
}

void SacRun::load_checkpoint(const std::string& path) {
  train::load_checkpoint(checkpoint_parts(), path, device_);
  if (env_steps_ < 0 || env_steps_ > config_.steps) {
    throw Error(path + ": step " + std::to_string(env_steps_) + " is outside this run's " +
                std::to_string(config_.steps) + " steps");
  }
  const std::string replay = train::RunDir(run_dir_).replay_hdf5();
  buffer_->restore(read_d4rl(replay), std::min(env_steps_, buffer_->capacity()));
  learner_->set_steps(learner_steps_);
  const torch::Tensor st = env_state_.to(torch::kCPU, torch::kFloat64).contiguous();
  env_->restore_state({st.data_ptr<double>(), size_t(st.numel())});
  const torch::Tensor o = obs_state_.to(torch::kCPU, torch::kFloat32).contiguous();
  if (o.numel() != env_->observation_dim()) throw Error(path + ": the saved observation has the wrong width");
  obs_.assign(o.data_ptr<float>(), o.data_ptr<float>() + o.numel());
  episode_return_ = return_state_.item<double>();
  last_drain_step_ = env_steps_;
}

train::RunResult SacRun::run(const std::atomic<bool>* stop, const std::function<void()>& between_steps) {
  train::RunResult result;
  try {
    while (!(stop && stop->load()) && step()) {
      if (between_steps) between_steps();
    }
    if (env_steps_ < config_.steps) {
      result.status = train::RunStatus::Interrupted;
      if (!run_dir_.empty()) write_checkpoint();
    }
  } catch (const Error& e) {
    result.status = train::RunStatus::Failed;
    result.message = e.what();
  } catch (const c10::Error& e) {
    result.status = train::RunStatus::Failed;
    result.message = e.what_without_backtrace();
  }
  for (auto& s : sinks_) s->on_finished(result.status, result.message);
  return result;
}

}  // namespace vaco::online
