#include "core/train/analysis_probe.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <utility>

#include "core/algos/batch.h"
#include "core/analysis/pearson.h"
#include "core/train/source_labels.h"
#include "core/util/tensor_vector.h"

namespace vaco::train {
namespace {

// Per-sample weights (mean 1 within each chunk) and Q of `rows`, scored chunk by chunk.
std::pair<torch::Tensor, torch::Tensor> score_rows(const algos::BatchSampler& sampler, algos::PolicyAlgorithm& learner,
                                                   const BatchQ& q, const torch::Tensor& rows, int64_t chunk) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> ws, qs;
  const torch::Tensor on_device = rows.to(sampler.all().indices.device());
  for (int64_t begin = 0; begin < rows.size(0); begin += chunk) {
    const algos::Batch b = sampler.gather(on_device.slice(0, begin, std::min(begin + chunk, rows.size(0))));
    const torch::Tensor w = learner.sample_weights(b).to(torch::kFloat64);
    ws.push_back(w / w.mean().clamp_min(1e-12));
    if (q) {
      const torch::Tensor v = q(b);
      if (v.defined()) qs.push_back(v.to(torch::kFloat64));
    }
  }
  return {torch::cat(ws).cpu(), qs.empty() ? torch::Tensor() : torch::cat(qs).cpu()};
}

}  // namespace

AnalysisProbe::AnalysisProbe(const Transitions& t, const Dataset& ds, const ProbeOptions& o) {
  const int64_t m = t.size();
  torch::Generator gen = algos::make_generator(torch::kCPU, o.seed);
  SourceLabels source = source_labels(ds);
  const std::vector<int>& labels = source.rows;
  label_names_ = source.names;
  label_field_ = source.key;
  const std::vector<SourceLabels> others = other_label_fields(ds, source.key);
  const std::vector<int64_t> source_rows = to_vector<int64_t>(t.source_rows);
  // The label in `rows` (one per dataset row) of transition i; -1 when the field has none.
  const auto label_in = [&](const std::vector<int>& rows, int64_t i) {
    return rows.empty() ? -1 : rows[size_t(source_rows[size_t(i)])];
  };
  const auto label_of_transition = [&](int64_t i) { return label_in(labels, i); };

  // Per-sample probe: a random subset of the transitions.
  probe_rows_ = torch::randperm(m, gen, torch::TensorOptions(torch::kInt64)).slice(0, 0, std::min(m, o.samples));
  obs_dim_ = t.observations.size(1);
  act_dim_ = t.actions.size(1);
  probe_obs_ = to_vector<float>(t.observations.index_select(0, probe_rows_.to(t.observations.device())));
  probe_act_ = to_vector<float>(t.actions.index_select(0, probe_rows_.to(t.actions.device())));
  const std::vector<int64_t> probe_rows = to_vector<int64_t>(probe_rows_);
  for (int64_t row : probe_rows) probe_labels_.push_back(label_of_transition(row));
  for (const SourceLabels& f : others) {
    analysis::LabelField field{f.key, {}, {}, f.names};
    for (int64_t row : probe_rows) field.probe.push_back(label_in(f.rows, row));
    other_fields_.push_back(std::move(field));
  }

  // Trajectories: episodes in a random order, taken whole until a cap is reached.
  const std::vector<int64_t> ep = to_vector<int64_t>(t.episode_ids);
  const int64_t n_episodes = int64_t(ds.episodes.size());
  dataset_episodes_ = n_episodes;
  row_cap_ = o.max_trajectory_rows;
  std::vector<std::vector<int64_t>> rows_of(size_t(std::max<int64_t>(n_episodes, 0)));
  for (int64_t i = 0; i < m; ++i)
    if (ep[size_t(i)] >= 0 && ep[size_t(i)] < n_episodes) rows_of[size_t(ep[size_t(i)])].push_back(i);

  // The probe samples' discounted return-to-go, summed backwards through each episode.
  const std::vector<double> rewards = to_vector<double>(t.rewards.to(torch::kFloat64));
  std::vector<double> rtg(size_t(m), std::nan(""));
  for (const std::vector<int64_t>& r : rows_of) {
    double after = 0;
    for (auto it = r.rbegin(); it != r.rend(); ++it) rtg[size_t(*it)] = after = rewards[size_t(*it)] + o.gamma * after;
  }
  for (int64_t row : probe_rows) probe_rtg_.push_back(rtg[size_t(row)]);
  const std::vector<int64_t> order = to_vector<int64_t>(torch::randperm(n_episodes, gen, torch::TensorOptions(torch::kInt64)));
  std::vector<int64_t> rows, slot, time;
  int64_t stored_steps = 0;
  for (int64_t k = 0; k < n_episodes && int64_t(traj_return_.size()) < o.max_trajectories; ++k) {
    const auto e = size_t(order[size_t(k)]);
    const auto& r = rows_of[e];
    if (r.empty()) continue;
    if (int64_t(rows.size() + r.size()) > o.max_trajectory_rows) {
      if (rows.empty()) continue;  // one episode longer than the cap: try a shorter one
      break;
    }
    const auto s = int64_t(traj_return_.size());
    rows.insert(rows.end(), r.begin(), r.end());
    slot.insert(slot.end(), r.size(), s);
    for (size_t step = 0; step < r.size(); ++step) time.push_back(int64_t(step));
    if (stored_ == s && s < o.stored_trajectories && stored_steps + int64_t(r.size()) <= o.stored_steps) {
      ++stored_;
      stored_steps += int64_t(r.size());
    }
    traj_return_.push_back(ds.episodes[e].ret);
    traj_length_.push_back(int64_t(r.size()));
    traj_episode_.push_back(int64_t(e));
    traj_labels_.push_back(label_of_transition(r.front()));
    for (size_t f = 0; f < others.size(); ++f)
      other_fields_[f].trajectory.push_back(label_in(others[f].rows, r.front()));
  }
  // Shuffle the rows so that each scoring chunk looks like a training batch.
  const torch::Tensor perm = torch::randperm(int64_t(rows.size()), gen, torch::TensorOptions(torch::kInt64));
  traj_rows_ = torch::tensor(rows, torch::kInt64).index_select(0, perm);
  traj_of_row_ = torch::tensor(slot, torch::kInt64).index_select(0, perm);
  for (int64_t j : to_vector<int64_t>(perm)) time_of_row_.push_back(time[size_t(j)]);
}

analysis::AnalysisSnapshot AnalysisProbe::compute(const algos::BatchSampler& sampler, algos::PolicyAlgorithm& learner,
                                                  const BatchQ& q, int64_t chunk) const {
  analysis::AnalysisSnapshot s;
  s.algo = learner.name();
  s.obs_dim = obs_dim_;
  s.act_dim = act_dim_;
  chunk = std::max<int64_t>(chunk, 2);

  const auto [w, qv] = score_rows(sampler, learner, q, probe_rows_, chunk);
  s.probe_weights = to_vector<double>(w);
  if (qv.defined()) s.probe_q = to_vector<double>(qv);
  s.probe_observations = probe_obs_;
  s.probe_actions = probe_act_;
  s.probe_labels = probe_labels_;
  s.pearson_sample = s.probe_q.empty() ? std::nan("") : analysis::pearson(s.probe_weights, s.probe_q);
  s.probe_return_to_go = probe_rtg_;
  s.pearson_q_return = s.probe_q.empty() ? std::nan("") : analysis::pearson(s.probe_q, s.probe_return_to_go);

  if (traj_rows_.size(0) > 0) {
    torch::Tensor tw;
    std::tie(tw, s.trajectory_mean_weight) = trajectory_weights(sampler, learner, chunk);
    // The first stored_ trajectories' weights, put back in time order.
    s.trajectory_step_weights.resize(size_t(stored_));
    for (int64_t i = 0; i < stored_; ++i) s.trajectory_step_weights[size_t(i)].resize(size_t(traj_length_[size_t(i)]));
    const std::vector<double> weights = to_vector<double>(tw);
    const std::vector<int64_t> slots = to_vector<int64_t>(traj_of_row_);
    for (size_t j = 0; j < weights.size(); ++j)
      if (slots[j] < stored_) s.trajectory_step_weights[size_t(slots[j])][size_t(time_of_row_[j])] = float(weights[j]);
  }
  s.trajectory_return = traj_return_;
  s.trajectory_length = traj_length_;
  s.trajectory_labels = traj_labels_;
  s.trajectory_episode = traj_episode_;
  s.dataset_episodes = dataset_episodes_;
  s.trajectory_row_cap = row_cap_;
  s.label_names = label_names_;
  s.label_field = label_field_;
  s.other_label_fields = other_fields_;
  s.pearson_trajectory = analysis::pearson(s.trajectory_mean_weight, s.trajectory_return);
  return s;
}

std::pair<torch::Tensor, std::vector<double>> AnalysisProbe::trajectory_weights(const algos::BatchSampler& sampler,
                                                                                algos::PolicyAlgorithm& learner,
                                                                                int64_t chunk) const {
  const torch::Tensor tw = score_rows(sampler, learner, BatchQ(), traj_rows_, std::max<int64_t>(chunk, 2)).first;
  const auto n = int64_t(traj_return_.size());
  const torch::Tensor sums = torch::zeros({n}, torch::kFloat64).index_add_(0, traj_of_row_, tw);
  return {tw, to_vector<double>(sums / torch::tensor(traj_length_, torch::kInt64).to(torch::kFloat64))};
}

double AnalysisProbe::trajectory_return_agreement(const algos::BatchSampler& sampler, algos::PolicyAlgorithm& learner,
                                                  int64_t chunk) const {
  const std::vector<double> mean_weight =
      traj_rows_.size(0) > 0 ? trajectory_weights(sampler, learner, chunk).second
                             : std::vector<double>();
  return analysis::pearson(mean_weight, traj_return_);
}

}  // namespace vaco::train
