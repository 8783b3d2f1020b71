// The episode index of a dataset: where each episode starts, how long it is, how it ended.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vaco {

/// How an episode's last row is marked.
enum class EpisodeEnd { Terminal, Timeout, EndOfFile };

/// One episode: rows [start, start + length), its undiscounted return and its end marker.
struct Episode {
  int64_t start = 0;
  int64_t length = 0;
  double ret = 0.0;
  EpisodeEnd end = EpisodeEnd::Terminal;
};

/// Text name of an episode end ("terminal", "timeout", "end_of_file").
const char* to_string(EpisodeEnd end);

/// Splits N rows into episodes: an episode ends at a row whose terminal or timeout flag is set;
/// a tail without a final flag becomes one more episode ending at EndOfFile.
std::vector<Episode> split_episodes(const float* rewards, const float* terminals,
                                    const float* timeouts, int64_t n);

struct Dataset;
/// Fills `ds.episodes` from its flags and adds a warning when the tail has no final flag.
/// For files without timeouts, `max_episode_steps > 0` marks every that-many-th step of an
/// unterminated episode as a timeout, as D4RL's loader does for v0 files.
void index_episodes(Dataset& ds, int64_t max_episode_steps = 0);

}  // namespace vaco
