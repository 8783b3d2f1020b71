// An analysis snapshot as JSON (the files in a run's snapshots/ folder), both ways.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "core/analysis/snapshot.h"

namespace vaco::analysis {

/// The snapshot as a JSON object (NaN correlations become null).
nlohmann::json snapshot_to_json(const AnalysisSnapshot& s);

/// Reads what snapshot_to_json wrote; throws vaco::Error on a missing key or mismatched sizes.
/// trajectories.step_weights, label_names, label_field and other_label_fields are optional (older
/// files lack them).
AnalysisSnapshot snapshot_from_json(const nlohmann::json& j);

/// Loads a snapshot file; throws vaco::Error naming the file.
AnalysisSnapshot load_snapshot(const std::string& path);

}  // namespace vaco::analysis
