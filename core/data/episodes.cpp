#include "core/data/episodes.h"

#include "core/data/dataset.h"

namespace vaco {

const char* to_string(EpisodeEnd end) {
  switch (end) {
    case EpisodeEnd::Terminal: return "terminal";
    case EpisodeEnd::Timeout: return "timeout";
    case EpisodeEnd::EndOfFile: return "end_of_file";
  }
  return "unknown";
}

std::vector<Episode> split_episodes(const float* rewards, const float* terminals,
                                    const float* timeouts, int64_t n) {
  std::vector<Episode> out;
  Episode cur;
  for (int64_t i = 0; i < n; ++i) {
    cur.ret += rewards[i];
    ++cur.length;
    const bool term = terminals[i] != 0.0f;
    const bool tout = timeouts && timeouts[i] != 0.0f;
    if (term || tout) {
      cur.end = term ? EpisodeEnd::Terminal : EpisodeEnd::Timeout;
      out.push_back(cur);
      cur = Episode{};
      cur.start = i + 1;
    }
  }
  if (cur.length > 0) {
    cur.end = EpisodeEnd::EndOfFile;
    out.push_back(cur);
  }
  return out;
}

void index_episodes(Dataset& ds, int64_t max_episode_steps) {
  const int64_t n = ds.size();
  if (!ds.has_timeouts && max_episode_steps > 0) {
    // D4RL v0 convention: the step at which an unterminated episode reaches the limit is final.
    auto to = ds.timeouts.accessor<float, 1>();
    auto te = ds.terminals.accessor<float, 1>();
    int64_t step = 0;
    for (int64_t i = 0; i < n; ++i) {
      to[i] = (te[i] == 0.0f && step == max_episode_steps - 1) ? 1.0f : 0.0f;
      step = (te[i] != 0.0f || to[i] != 0.0f) ? 0 : step + 1;
    }
  }
  const torch::Tensor r = ds.rewards.contiguous();
  const torch::Tensor te = ds.terminals.contiguous();
  const torch::Tensor to = ds.timeouts.contiguous();
  ds.episodes = split_episodes(r.data_ptr<float>(), te.data_ptr<float>(), to.data_ptr<float>(), n);
  if (!ds.episodes.empty() && ds.episodes.back().end == EpisodeEnd::EndOfFile) {
    ds.warnings.push_back("the last " + std::to_string(ds.episodes.back().length) +
                          " rows have no terminal or timeout flag; counted as one truncated episode");
  }
  if (!ds.has_timeouts && max_episode_steps <= 0) {
    ds.warnings.push_back("no 'timeouts' key (a v0 file): episodes end only at terminals");
  }
}

}  // namespace vaco
