// Writes a Dataset as a Minari dataset (the layout of Minari >= 0.5) that minari.load_dataset
// reads: <folder>/data/main_data.hdf5 with one group per episode, and <folder>/data/metadata.json.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vaco {

/// What a Minari dataset's metadata say besides its rows.
struct MinariWriteOptions {
  std::string dataset_id;          ///< "vaco/hopper/medium-v0"; Minari finds it at <root>/<dataset_id>
  std::string env_id;              ///< the env spec's gymnasium id, "Hopper-v5"
  std::string entry_point;         ///< "gymnasium.envs.mujoco.hopper_v5:HopperEnv"; empty writes null
  int64_t max_episode_steps = 0;   ///< the env spec's step limit; 0 writes null
  double action_low = -1.0;        ///< the Box action space's bounds (the same for every feature)
  double action_high = 1.0;
  std::string description;         ///< free text for metadata.json
};

/// A Minari id's form "[namespace/]name-vN" (Minari's own rule); false names what is wrong in `why`.
bool valid_minari_id(const std::string& id, std::string* why = nullptr);

/// Writes `ds` into `folder` as the Minari dataset `options.dataset_id`: per episode T + 1
/// observations (float64; the last is the episode's final next observation) and T float32
/// actions, float64 rewards, bool terminations and truncations (a tail without a final flag is
/// written truncated), attributes id and total_steps; metadata.json with the spaces (observation
/// bounds infinite), the env spec and the reference scores when the dataset has them. The data
/// folder appears whole or not at all. Throws vaco::Error with one line when `ds` has no
/// next_observations (the final observations are unknown), when `folder`/data exists, or when
/// writing fails. Returns what was not written (infos and metadata keys), one line each.
std::vector<std::string> write_minari(const Dataset& ds, const std::string& folder, const MinariWriteOptions& options);

}  // namespace vaco
