// Which behaviour made each dataset row, as a small label (0..K-1) per row with names: from
// infos/behavior (the projectile toy) or infos/policy_checkpoint (the policy that acted).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace vaco::train {

/// Labels of a dataset's rows; both empty when the file says nothing usable.
struct SourceLabels {
  std::string key;                  ///< the infos/* key they come from ("" when none)
  std::vector<int> rows;            ///< [N] label of each row
  std::vector<std::string> names;   ///< name of each label; empty for infos/behavior (the caller names those)
};

/// Most distinct policy_checkpoint values that still become labels.
inline constexpr int kMaxSourceLabels = 16;

/// infos/behavior as is; else infos/policy_checkpoint's distinct values in ascending order as
/// labels 0..K-1 (K <= kMaxSourceLabels), named by checkpoint_name; else nothing.
SourceLabels source_labels(const Dataset& ds);

/// Every other per-row infos/* field (not `except`, the source_labels key) whose values are all
/// integers with 2 to kMaxSourceLabels distinct values, in key order, as labels 0..K-1 in
/// ascending value order: infos/policy_checkpoint named by checkpoint_name, others "<name> = <value>".
std::vector<SourceLabels> other_label_fields(const Dataset& ds, const std::string& except);

/// "policy @ 110k steps" when `as_steps` (the file's largest value is at least 1000, so the
/// values count environment steps), else "checkpoint 3".
std::string checkpoint_name(int64_t value, bool as_steps);

}  // namespace vaco::train
