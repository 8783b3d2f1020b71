// Replays a dataset's recorded states and actions through our physics and compares the results
// with the file: the proof that our environment is the one the data came from.
#pragma once
#include <cstdint>

#include "core/data/dataset.h"
#include "core/envs/env.h"

namespace vaco {

/// What check_dataset found. A row matches when every next-observation entry (where the file
/// has one) and its reward are close, |ours - file| <= tolerance * (1 + |file|), and its terminal
/// flag is the same. The scale term is there because files store float32: the recorded state a
/// row is replayed from is rounded relative to its size, and fast joints (HalfCheetah's ~10 rad/s)
/// carry that rounding into errors of ~1e-4 absolute while staying ~1e-5 relative.
struct DatasetCheckResult {
  int64_t rows_total = 0;          ///< rows in the dataset
  int64_t rows_checked = 0;        ///< rows replayed (all rows with infos/qpos and infos/qvel)
  int64_t rows_matched = 0;
  int64_t rows_without_next_obs = 0;  ///< episode-final rows of files without next_observations
  double match_fraction = 0.0;     ///< rows_matched / rows_checked (0 when nothing was checked)
  double max_obs_error = 0.0;      ///< largest |ours - file| over next-observation entries
  int64_t max_obs_error_row = -1;  ///< where max_obs_error occurred: row ...
  int64_t max_obs_error_index = -1;  ///< ... and observation entry
  double max_obs_error_value = 0.0;  ///< the file's value at that entry
  double max_reward_error = 0.0;   ///< largest |ours - file| over rewards
  int64_t terminal_mismatches = 0;
  int64_t first_mismatch_row = -1; ///< first row that did not match, or -1
  double tolerance = 0.0;
};

/// For every row: set the state from infos/qpos and infos/qvel, apply the recorded action, and
/// compare next observation, reward and terminal with the file (AntMaze: with the row's goal from
/// infos/goal, or from gymnasium-robotics' observation). `env` must be a MuJoCo env of
/// the dataset's family. `max_rows` > 0 checks only the first that-many rows. Throws
/// vaco::Error when the dataset has no infos/qpos / infos/qvel or its sizes do not fit the env.
/// The env is left in the state its last replayed step reached; reset it before other use.
DatasetCheckResult check_dataset(const Dataset& ds, Env& env, double tolerance = 1e-4,
                                 int64_t max_rows = 0);

}  // namespace vaco
