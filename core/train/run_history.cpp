#include "core/train/run_history.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "core/train/run_dir.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Parses a JSON file of the run dir, or gives an empty object when it is absent.
nlohmann::json read_optional_json(const fs::path& path) {
  if (!fs::exists(path)) return nlohmann::json::object();
  std::ifstream in(path);
  if (!in) throw Error(path.string() + ": cannot be read");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(path.string() + ": not a JSON object");
  return j;
}

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A line's problem, to be reported with file and line number.
struct BadLine {
  std::string what;
};

double number_or_nan(const nlohmann::json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) throw BadLine{std::string("no \"") + key + "\""};
    return kNaN;
  }
  if (it->is_null()) return kNaN;
  if (!it->is_number()) throw BadLine{std::string("\"") + key + "\" is not a number"};
  return it->get<double>();
}

int64_t step_of(const nlohmann::json& j) {
  auto it = j.find("step");
  if (it == j.end() || !it->is_number()) throw BadLine{"no numeric \"step\""};
  return it->get<int64_t>();
}

void parse_line(const nlohmann::json& j, RunHistory& run) {
  if (!j.is_object()) throw BadLine{"not a JSON object"};
  const std::string type = string_field(j, "type");
  if (type == "metrics") {
    MetricLine m;
    m.step = step_of(j);
    m.phase = string_field(j, "phase");
    m.wall_time = number_or_nan(j, "wall_time", false);
    auto values = j.find("values");
    if (values == j.end() || !values->is_object()) throw BadLine{"metrics line without a \"values\" object"};
    for (auto it = values->begin(); it != values->end(); ++it) {
      if (!it->is_null() && !it->is_number()) throw BadLine{"value \"" + it.key() + "\" is not a number"};
      m.values[it.key()] = it->is_null() ? kNaN : it->get<double>();
    }
    run.metrics.push_back(std::move(m));
  } else if (type == "eval") {
    EvalLine e;
    e.step = step_of(j);
    e.wall_time = number_or_nan(j, "wall_time", false);
    const double episodes = number_or_nan(j, "episodes", false);
    e.episodes = std::isfinite(episodes) ? int64_t(episodes) : 0;
    e.return_mean = number_or_nan(j, "return_mean", false);
    e.return_std = number_or_nan(j, "return_std", false);
    e.score_mean = number_or_nan(j, "score_mean", false);
    e.score_std = number_or_nan(j, "score_std", false);
    run.evals.push_back(e);
  } else if (type == "note") {
    run.notes.push_back(string_field(j, "message"));
  } else if (type == "finished") {
    run.status = string_field(j, "status");
    if (run.status.empty()) run.status = "unfinished";
    run.message = string_field(j, "message");
  } else if (type.empty()) {
    throw BadLine{"no \"type\""};
  }
  // Other types are from a newer writer: skipped.
}

// Flattens nested objects to dotted keys.
void flatten(const nlohmann::json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object())
      flatten(*it, key, out);
    else
      out[key] = it->is_string() ? it->get<std::string>() : it->dump();
  }
}

std::string base_label(const nlohmann::json& identity) {
  for (const char* key : {"algo", "group"}) {
    const std::string s = string_field(identity, key);
    if (!s.empty()) return s;
  }
  return "run";
}

}  // namespace

void parse_metrics_jsonl(const std::string& text, const std::string& source, RunHistory& run) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::size_t last = lines.size();  // index of the last non-blank line
  for (std::size_t i = lines.size(); i-- > 0;)
    if (lines[i].find_first_not_of(" \t\r") != std::string::npos) {
      last = i;
      break;
    }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(" \t\r") == std::string::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(lines[i], nullptr, false);
    if (j.is_discarded() && i == last) {
      run.truncated_tail = true;  // killed mid-write
      continue;
    }
    try {
      if (j.is_discarded()) throw BadLine{"not valid JSON"};
      parse_line(j, run);
    } catch (const BadLine& bad) {
      throw Error(source + ":" + std::to_string(i + 1) + ": " + bad.what);
    } catch (const nlohmann::json::exception& e) {
      throw Error(source + ":" + std::to_string(i + 1) + ": " + e.what());
    }
  }
}

RunHistory read_run_history(const std::string& dir) {
  const fs::path path(dir);
  if (!fs::is_directory(path)) throw Error(dir + ": no such run directory");
  const RunDir run_dir(dir);
  const fs::path metrics = run_dir.metrics_jsonl();
  if (!fs::exists(metrics)) throw Error(dir + ": no metrics.jsonl (not a run directory?)");
  RunHistory run;
  run.dir = dir;
  run.label = fs::absolute(path).lexically_normal().filename().string();
  if (run.label.empty()) run.label = fs::absolute(path).lexically_normal().parent_path().filename().string();
  run.config = read_optional_json(run_dir.config_json());
  run.algo = string_field(run.config, "algo");
  if (auto it = run.config.find("seed"); it != run.config.end() && it->is_number_unsigned())
    run.seed = it->get<uint64_t>();
  if (fs::exists(run_dir.run_json())) {
    const RunInfo info = run_dir.read_info();
    run.dataset = info.dataset;
    run.env_id = info.env_id;
  }
  std::ifstream in(metrics, std::ios::binary);
  if (!in) throw Error(metrics.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  parse_metrics_jsonl(text.str(), metrics.string(), run);
  int64_t last_value_step = -1;
  for (const MetricLine& m : run.metrics)
    if (m.phase == "value") last_value_step = std::max(last_value_step, m.step);
  if (last_value_step >= 0) {
    const auto it = run.config.find("value_steps");
    run.policy_start = it != run.config.end() && it->is_number_integer() ? it->get<int64_t>() : last_value_step;
  }
  return run;
}

const std::vector<std::string>& seed_invariant_settings() {
  static const std::vector<std::string> keys{"seed",           "device",         "threads",
                                             "log_every",      "eval_every",     "eval_episodes",    "eval_background",
                                             "checkpoint_every", "snapshot_every", "snapshot_episodes",
                                             "value_from"};
  return keys;
}

nlohmann::json group_identity(const nlohmann::json& config, const std::string& dataset,
                              const std::string& env_id) {
  nlohmann::json id = config.is_object() ? config : nlohmann::json::object();
  for (const std::string& key : seed_invariant_settings()) id.erase(key);
  if (!dataset.empty()) id["dataset"] = dataset;
  if (!env_id.empty()) id["env_id"] = env_id;
  return id;
}

std::string group_key(const RunHistory& run) {
  return group_identity(run.config, run.dataset, run.env_id).dump();  // keys sorted: canonical
}

std::vector<RunGroup> group_identities(const std::vector<nlohmann::json>& identities,
                                       const std::vector<std::string>& seeds) {
  std::vector<RunGroup> groups;
  std::vector<nlohmann::json> group_ids;
  for (std::size_t i = 0; i < identities.size(); ++i) {
    const std::string key = identities[i].dump();
    auto it = std::find_if(groups.begin(), groups.end(), [&](const RunGroup& g) { return g.key == key; });
    if (it == groups.end()) {
      groups.push_back({key, "", {}});
      group_ids.push_back(identities[i]);
      it = groups.end() - 1;
    }
    it->members.push_back(i);
  }
  std::vector<std::string> bases;
  std::vector<std::map<std::string, std::string>> flat(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    bases.push_back(base_label(group_ids[g]));
    flatten(group_ids[g], "", flat[g]);
  }
  // The settings in which group g differs from any group of `set`, as " key=value" (at most
  // `cap`, then " …"; cap 0 names them all).
  const auto differences = [&](std::size_t g, const std::vector<std::size_t>& set, std::size_t cap) {
    std::set<std::string> keys;
    for (std::size_t p : set)
      for (const auto& [k, v] : flat[p]) keys.insert(k);
    std::string text;
    std::size_t named = 0;
    for (const std::string& k : keys) {
      bool differs = false;
      for (std::size_t p : set)
        differs |= flat[p].count(k) != flat[g].count(k) || (flat[p].count(k) && flat[p].at(k) != flat[g].at(k));
      if (!differs) continue;
      if (cap > 0 && named++ == cap) return text + " …";
      text += " " + k + "=" + (flat[g].count(k) ? flat[g].at(k) : std::string("(default)"));
    }
    return text;
  };
  // Groups sharing a base label name the settings in which they differ (three at most).
  std::vector<std::string> labels(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::size_t> peers;
    for (std::size_t h = 0; h < groups.size(); ++h)
      if (bases[h] == bases[g]) peers.push_back(h);
    labels[g] = bases[g] + (peers.size() > 1 ? differences(g, peers, 3) : std::string());
  }
  // Labels that the cap made equal name every setting that tells those groups apart.
  std::vector<std::string> capped = labels;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::size_t> twins;
    for (std::size_t h = 0; h < groups.size(); ++h)
      if (capped[h] == capped[g]) twins.push_back(h);
    if (twins.size() > 1) labels[g] = bases[g] + differences(g, twins, 0);
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string& label = labels[g];
    const std::size_t n = groups[g].members.size();
    // Seeds count only where every run of the group names its own.
    std::set<std::string> distinct;
    bool known = seeds.size() == identities.size();
    for (std::size_t m : groups[g].members) {
      if (!known || seeds[m].empty()) {
        known = false;
        break;
      }
      distinct.insert(seeds[m]);
    }
    const std::size_t k = distinct.size();
    if (known && k < n)
      groups[g].label = label + " (" + std::to_string(n) + " runs, " + std::to_string(k) + (k == 1 ? " seed)" : " seeds)");
    else
      groups[g].label = label + " (" + std::to_string(n) + (n == 1 ? " seed)" : " seeds)");
  }
  return groups;
}

std::vector<RunGroup> group_runs(const std::vector<RunHistory>& runs) {
  std::vector<nlohmann::json> ids;
  std::vector<std::string> seeds;
  ids.reserve(runs.size());
  for (const RunHistory& r : runs) {
    ids.push_back(group_identity(r.config, r.dataset, r.env_id));
    seeds.push_back(r.config.contains("seed") ? std::to_string(r.seed) : std::string());
  }
  return group_identities(ids, seeds);
}

}  // namespace vaco::train
