// Writes a Dataset in either on-disk layout, D4RL's file or a Minari dataset folder; the one door
// for `vaco dataset convert` and `vaco datagen d4rl --format`.
#pragma once
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vaco::datagen {

/// The two layouts a dataset can be written in.
enum class DatasetFormat { D4rl, Minari };

/// "d4rl" or "minari"; throws vaco::Error with one line naming the value otherwise.
DatasetFormat parse_dataset_format(const std::string& text);

/// How write_dataset writes.
struct ExportOptions {
  DatasetFormat format = DatasetFormat::D4rl;
  std::string dataset_id;   ///< Minari: the id; empty takes default_minari_id(out)
  std::string env_id;       ///< the environment recorded (D4RL: env_name; Minari: env spec); empty keeps the dataset's own
  int gzip_level = 0;       ///< D4RL: 0 contiguous, 1..9 deflate
  std::string description;  ///< Minari: metadata.json's description
};

/// The Minari id a dataset written to `folder` gets by default: its path under
/// minari_datasets_root() when it lies there (so that minari.load_dataset finds it), else the
/// folder's name, with "-v0" added when it has no version.
std::string default_minari_id(const std::string& folder);

/// Writes `ds` to `out`: a D4RL file, or a Minari dataset folder whose env spec comes from the
/// environment registry (its gymnasium id, entry point, step limit and action bounds). The
/// dataset's widths must match the environment's, when one is given or a Minari folder needs it. Returns what the layout could not keep, one
/// line each. Throws vaco::Error with one line on bad input or a failed write.
std::vector<std::string> write_dataset(const Dataset& ds, const std::string& out, const ExportOptions& options);

}  // namespace vaco::datagen
