#include "core/online/replay_buffer.h"

#include <algorithm>

#include "core/util/error.h"

namespace vaco::online {
namespace {

// Copies `values` into row `row` of the 2-D tensor `t` (float32 rows of float values, float64
// rows of double values).
template <class T>
void put_row(torch::Tensor& t, int64_t row, std::span<const T> values, const char* what) {
  if (int64_t(values.size()) != t.size(1)) {
    throw Error(std::string("replay buffer: ") + what + " has " + std::to_string(values.size()) +
                " values; expected " + std::to_string(t.size(1)));
  }
  std::copy(values.begin(), values.end(), t.data_ptr<T>() + row * t.size(1));
}

// The rows held, oldest first: [next, capacity) then [0, next) once the ring has wrapped.
torch::Tensor chronological(const torch::Tensor& t, int64_t size, int64_t next, int64_t capacity) {
  if (size < capacity) return t.narrow(0, 0, size).clone();
  return torch::cat({t.narrow(0, next, capacity - next), t.narrow(0, 0, next)});
}

}  // namespace

ReplayBuffer::ReplayBuffer(int64_t capacity, int64_t obs_dim, int64_t act_dim, int64_t qpos_dim, int64_t qvel_dim)
    : capacity_(capacity), obs_dim_(obs_dim), act_dim_(act_dim), qpos_dim_(qpos_dim), qvel_dim_(qvel_dim) {
  if (capacity < 1) throw Error("replay buffer: capacity must be >= 1, got " + std::to_string(capacity));
  if (obs_dim < 1 || act_dim < 1) throw Error("replay buffer: observation and action widths must be >= 1");
  const auto f = torch::TensorOptions().dtype(torch::kFloat32);
  obs_ = torch::zeros({capacity, obs_dim}, f);
  act_ = torch::zeros({capacity, act_dim}, f);
  next_obs_ = torch::zeros({capacity, obs_dim}, f);
  rew_ = torch::zeros({capacity}, f);
  term_ = torch::zeros({capacity}, f);
  tout_ = torch::zeros({capacity}, f);
  logp_ = torch::zeros({capacity}, f);
  qpos_ = torch::zeros({capacity, qpos_dim}, torch::kFloat64);  // the exact simulator state
  qvel_ = torch::zeros({capacity, qvel_dim}, torch::kFloat64);
}

void ReplayBuffer::add(const ReplayRow& r) {
  put_row(obs_, next_, r.observation, "observation");
  put_row(act_, next_, r.action, "action");
  put_row(next_obs_, next_, r.next_observation, "next observation");
  put_row(qpos_, next_, r.qpos, "qpos");
  put_row(qvel_, next_, r.qvel, "qvel");
  rew_.data_ptr<float>()[next_] = r.reward;
  term_.data_ptr<float>()[next_] = r.terminal ? 1.0f : 0.0f;
  tout_.data_ptr<float>()[next_] = r.timeout ? 1.0f : 0.0f;
  logp_.data_ptr<float>()[next_] = r.log_prob;
  next_ = (next_ + 1) % capacity_;
  size_ = std::min(size_ + 1, capacity_);
  ++added_;
}

algos::Batch ReplayBuffer::sample(int64_t batch_size, torch::Generator& gen, torch::Device device) const {
  if (size_ < 1) throw Error("replay buffer: cannot sample from an empty buffer");
  const torch::Tensor idx = torch::randint(0, size_, {batch_size}, gen, torch::TensorOptions().dtype(torch::kLong));
  algos::Batch b;
  b.observations = obs_.index_select(0, idx).to(device);
  b.actions = act_.index_select(0, idx).to(device);
  b.rewards = rew_.index_select(0, idx).to(device);
  b.next_observations = next_obs_.index_select(0, idx).to(device);
  b.dones = term_.index_select(0, idx).to(device);
  b.indices = idx.to(device);
  return b;
}

Dataset ReplayBuffer::to_dataset(const std::string& name, const std::string& env_name) const {
  const auto rows = [this](const torch::Tensor& t) { return chronological(t, size_, next_, capacity_); };
  Dataset ds;
  ds.name = name;
  ds.env_name = env_name;
  ds.observations = rows(obs_);
  ds.actions = rows(act_);
  ds.next_observations = rows(next_obs_);
  ds.rewards = rows(rew_);
  ds.terminals = rows(term_);
  ds.timeouts = rows(tout_);
  ds.infos["infos/action_log_probs"] = rows(logp_);
  ds.keys = {"actions", "infos/action_log_probs", "next_observations", "observations", "rewards", "terminals", "timeouts"};
  if (qpos_dim_ > 0) {
    ds.infos["infos/qpos"] = rows(qpos_);
    ds.infos["infos/qvel"] = rows(qvel_);
    ds.keys.insert(ds.keys.begin() + 2, {"infos/qpos", "infos/qvel"});
  }
  index_episodes(ds);
  return ds;
}

void ReplayBuffer::restore(const Dataset& ds, int64_t rows) {
  if (rows < 0 || rows > ds.size()) {
    throw Error("replay buffer: the saved buffer has " + std::to_string(ds.size()) + " rows; " +
                std::to_string(rows) + " are needed");
  }
  if (rows > capacity_) throw Error("replay buffer: " + std::to_string(rows) + " rows exceed the capacity");
  if (ds.obs_dim() != obs_dim_ || ds.act_dim() != act_dim_ || !ds.has_next_observations()) {
    throw Error("replay buffer: the saved buffer's widths differ from the run's");
  }
  const auto take = [rows](torch::Tensor& dst, const torch::Tensor& src) {
    if (rows > 0) dst.narrow(0, 0, rows).copy_(src.narrow(0, 0, rows).reshape(dst.narrow(0, 0, rows).sizes()));  // casts
  };
  take(obs_, ds.observations);
  take(act_, ds.actions);
  take(next_obs_, ds.next_observations);
  take(rew_, ds.rewards);
  take(term_, ds.terminals);
  take(tout_, ds.timeouts);
  const auto info = [&](const char* key, torch::Tensor& dst) {
    const auto it = ds.infos.find(key);
    if (it == ds.infos.end()) throw Error(std::string("replay buffer: the saved buffer has no ") + key);
    take(dst, it->second);
  };
  info("infos/action_log_probs", logp_);
  if (qpos_dim_ > 0) {
    info("infos/qpos", qpos_);
    info("infos/qvel", qvel_);
  }
  size_ = rows;
  added_ = rows;
  next_ = rows % capacity_;
}

}  // namespace vaco::online
