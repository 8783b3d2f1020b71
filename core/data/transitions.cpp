#include "core/data/transitions.h"

#include "core/util/error.h"

namespace vaco {

Transitions make_transitions(const Dataset& ds) {
  const int64_t n = ds.size();
  if (n < 2) throw Error("dataset '" + ds.name + "' has " + std::to_string(n) +
                         " row(s); transitions need at least 2");
  const torch::Tensor timeouts = ds.timeouts.contiguous();
  const float* to = timeouts.data_ptr<float>();
  torch::Tensor rows = torch::empty({n - 1}, torch::kInt64);
  torch::Tensor episode = torch::empty({n - 1}, torch::kInt64);
  int64_t* r = rows.data_ptr<int64_t>();
  int64_t* e = episode.data_ptr<int64_t>();
  int64_t m = 0;
  size_t ep = 0;
  for (int64_t i = 0; i + 1 < n; ++i) {
    while (ep < ds.episodes.size() && i >= ds.episodes[ep].start + ds.episodes[ep].length) ++ep;
    if (to[i] != 0.0f) continue;  // its successor belongs to a new episode
    r[m] = i;
    e[m] = ds.episodes.empty() ? -1 : int64_t(ep);
    ++m;
  }
  rows = rows.narrow(0, 0, m);
  Transitions t;
  t.source_rows = rows;
  t.episode_ids = episode.narrow(0, 0, m);
  t.observations = ds.observations.index_select(0, rows);
  t.actions = ds.actions.index_select(0, rows);
  t.rewards = ds.rewards.index_select(0, rows);
  t.dones = ds.terminals.index_select(0, rows);
  t.next_observations = ds.has_next_observations() ? ds.next_observations.index_select(0, rows)
                                                   : ds.observations.index_select(0, rows + 1);
  return t;
}

}  // namespace vaco
