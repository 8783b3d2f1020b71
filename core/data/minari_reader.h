// Reads Minari datasets, Farama's successor to D4RL: a dataset folder whose data/main_data.hdf5
// holds one group per episode, with the metadata in data/metadata.json (Minari >= 0.5) or as
// the file's root attributes (earlier versions).
#pragma once
#include <optional>
#include <string>

#include "core/data/d4rl_reader.h"
#include "core/data/dataset.h"

namespace vaco {

/// The folder Minari keeps its datasets in: $MINARI_DATASETS_PATH, else ~/.minari/datasets.
std::string minari_datasets_root();

/// The main_data.hdf5 that `source` names when it names a Minari dataset: a dataset folder (or
/// its data/ folder), the file itself (by name, or by its episode_0 group), or an id such as
/// "mujoco/hopper/medium-v0" found under minari_datasets_root(). Empty when `source` is not a
/// Minari dataset; throws vaco::Error with one line for a folder without Minari data and for an
/// id that is not under the root.
std::optional<std::string> minari_data_file(const std::string& source);

/// Loads a Minari dataset (see minari_data_file) into the rows of a Dataset: per episode of T
/// steps, observations 0..T-1, next_observations 1..T, terminals from terminations, timeouts from
/// truncations (and at the last step of an episode that has neither). env_name is the env spec's
/// id ("Hopper-v5"); ref_min_score / ref_max_score come from the metadata. Refuses non-Box spaces
/// and broken episodes with one line naming the episode and the key.
Dataset read_minari(const std::string& source, const ReadOptions& options = {});

}  // namespace vaco
