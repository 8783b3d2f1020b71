// A run directory read back for comparison: who the run is (algo, seed, dataset, env) and
// everything its metrics.jsonl recorded; and seeds of one setting grouped together.
// Torch-free (std + nlohmann json), so the GUI and tools can read runs without libtorch.
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/train/metric_record.h"

namespace vaco::train {

/// One "metrics" line of metrics.jsonl (the record the trainer wrote); null values read as NaN.
using MetricLine = MetricRecord;


/// Everything a run directory tells about its run.
struct RunHistory {
  std::string dir;      ///< the directory as given
  std::string label;    ///< the directory's name
  std::string algo;     ///< config.json "algo" ("" without a config.json)
  uint64_t seed = 0;    ///< config.json "seed"
  std::string dataset;  ///< run.json "dataset" ("" without a run.json)
  std::string env_id;   ///< run.json "env_id"
  nlohmann::json config = nlohmann::json::object();  ///< config.json as written
  std::vector<MetricLine> metrics;
  std::vector<EvalLine> evals;
  std::vector<std::string> notes;
  std::string status = "unfinished";  ///< "completed" | "interrupted" | "failed" | "unfinished"
  std::string message;                ///< the "finished" line's message
  bool truncated_tail = false;        ///< the last line was cut off (run killed mid-write) and skipped
  /// Global step where the policy phase begins: config.json's value_steps when the run has
  /// value-phase records (else their last step), 0 without a value phase.
  int64_t policy_start = 0;
};

/// Reads a run directory (config.json and run.json when present, metrics.jsonl required).
/// Throws vaco::Error for a missing directory or metrics.jsonl, unreadable JSON files, and a
/// malformed metrics line other than the last one (naming file and line number).
RunHistory read_run_history(const std::string& dir);

/// Parses metrics.jsonl text into `run` (metrics, evals, notes, status); `source` names the file
/// in errors. The same rules as read_run_history.
void parse_metrics_jsonl(const std::string& text, const std::string& source, RunHistory& run);

/// Settings that do not change what a run learns (seed, device, threads, log, eval and
/// checkpoint cadence, the run a seed's critic came from); grouping ignores them.
const std::vector<std::string>& seed_invariant_settings();

/// What makes runs seeds of one setting: the config without seed_invariant_settings(), plus
/// "dataset" and "env_id" when given.
nlohmann::json group_identity(const nlohmann::json& config, const std::string& dataset,
                              const std::string& env_id);

/// group_identity of a run as a canonical string: equal strings, same group.
std::string group_key(const RunHistory& run);

/// Runs that differ only by seed-invariant settings.
struct RunGroup {
  std::string key;                   ///< the canonical identity string
  std::string label;                 ///< e.g. "vaco (3 seeds)" or "vaco vaco.meta_lr=0.001 (2 seeds)"
  std::vector<std::size_t> members;  ///< indices into the input, in input order
};

/// Groups identities (group_identity objects) in first-seen order. Labels are the "algo" (or
/// "group") field and the seed count; groups that share it also name the settings that differ.
/// With `seeds` (one per identity, "" when unknown) a group whose runs all name their seed and
/// repeat one says so: "(3 runs, 1 seed)" instead of "(3 seeds)".
std::vector<RunGroup> group_identities(const std::vector<nlohmann::json>& identities,
                                       const std::vector<std::string>& seeds = {});

/// Groups runs by group_key (see group_identities for labels).
std::vector<RunGroup> group_runs(const std::vector<RunHistory>& runs);

}  // namespace vaco::train
