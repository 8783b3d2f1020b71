#include "core/train/grid_spec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/train/algorithms.h"
#include "core/train/train_config.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Settings the grid itself sets on every run; an override may not change them.
const char* const kGridOwnedKeys[] = {"algo", "seed", "value_from"};

// Throws the one-line spec error for `field`.
[[noreturn]] void fail(const std::string& source, const std::string& field, const std::string& problem) {
  throw Error("grid spec " + source + ": " + field + ": " + problem);
}

// "a, b or c" of the keys.
std::string key_list(const std::vector<std::string>& keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) out += (i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ") + keys[i];
  return out;
}

// Refuses keys of `object` outside `known`.
void check_keys(const json& object, const std::vector<std::string>& known, const std::string& source,
                const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end())
      fail(source, where.empty() ? key : where + "." + key, "unknown key (expected " + key_list(known) + ")");
  }
}

// A path from the spec: absolute as is, else relative to the spec's folder.
std::string resolve(const std::string& path, const std::string& base_dir) {
  const fs::path p(path);
  return (p.is_absolute() || base_dir.empty() ? p : fs::path(base_dir) / p).lexically_normal().string();
}

// A positive integer field (absent: `fallback`).
int64_t positive(const json& j, const char* key, int64_t fallback, const std::string& source) {
  if (!j.contains(key)) return fallback;
  const json& v = j.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < 1) fail(source, key, "must be a positive integer");
  return v.get<int64_t>();
}

// The "slurm" object: strings and integers checked by set_slurm_option, "extra" a string array.
SlurmOptions read_slurm(const json& j, const std::string& source) {
  if (!j.is_object()) fail(source, "slurm", "must be an object {\"partition\", \"time\", \"mem\", ...}");
  check_keys(j, slurm_option_keys(), source, "slurm");
  SlurmOptions o;
  for (const auto& [key, v] : j.items()) {
    try {
      if (key == "extra") {
        if (!v.is_array()) throw Error("extra: must be an array of sbatch options");
        for (const json& e : v) set_slurm_option(o, key, e.is_string() ? e.get<std::string>() : e.dump());
      } else {
        set_slurm_option(o, key, v.is_string() ? v.get<std::string>() : v.is_number_integer() ? v.dump() : "(" + v.dump() + ")");
      }
    } catch (const Error& e) {
      const std::string m = e.what();
      const size_t colon = m.find(": ");
      fail(source, "slurm." + m.substr(0, colon), m.substr(colon + 2));
    }
  }
  return o;
}

// A list of "key=value" overrides; each must name a setting the grid does not own.
std::vector<std::string> overrides(const json& j, const std::string& field, const std::string& source) {
  if (!j.is_array()) fail(source, field, "must be an array of \"key=value\" strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = field + "[" + std::to_string(i) + "]";
    if (!j[i].is_string()) fail(source, where, "must be a \"key=value\" string");
    const std::string s = j[i].get<std::string>();
    const size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) fail(source, where, "expected key=value, got '" + s + "'");
    const std::string key = s.substr(0, eq);
    for (const char* owned : kGridOwnedKeys)
      if (key == owned) fail(source, where, "'" + key + "' is set by the grid itself");
    out.push_back(s);
  }
  return out;
}

// A run-folder name: letters, digits, '.', '_', '-', not starting with '.', not "value".
bool good_label(const std::string& s) {
  if (s.empty() || s[0] == '.' || s == "value") return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; });
}

std::vector<GridAlgorithm> read_algorithms(const json& j, const std::string& source) {
  if (!j.is_array() || j.empty()) fail(source, "algorithms", "must be a non-empty array of {\"label\", \"algo\", \"set\"}");
  std::vector<GridAlgorithm> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "algorithms[" + std::to_string(i) + "]";
    const json& a = j[i];
    if (!a.is_object()) fail(source, where, "must be an object {\"label\", \"algo\", \"set\"}");
    check_keys(a, {"label", "algo", "set"}, source, where);
    GridAlgorithm g;
    if (!a.contains("algo") || !a["algo"].is_string()) fail(source, where + ".algo", "must be an algorithm name (" + algorithm_choices() + ")");
    g.algo = a["algo"].get<std::string>();
    try {
      (void)algorithm(g.algo);
    } catch (const Error& e) {
      fail(source, where + ".algo", e.what());
    }
    g.label = g.algo;
    if (a.contains("label")) {
      if (!a["label"].is_string()) fail(source, where + ".label", "must be a string");
      g.label = a["label"].get<std::string>();
    }
    if (!good_label(g.label))
      fail(source, where + ".label",
           "'" + g.label + "' cannot name a folder (letters, digits, '.', '_', '-'; not 'value')");
    for (size_t k = 0; k < out.size(); ++k)
      if (out[k].label == g.label)
        fail(source, where + ".label", "'" + g.label + "' repeats algorithms[" + std::to_string(k) + "]'s");
    if (a.contains("set")) g.sets = overrides(a["set"], where + ".set", source);
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<std::string> read_datasets(const json& j, const std::string& source, const std::string& base_dir) {
  if (!j.is_array() || j.empty()) fail(source, "datasets", "must be a non-empty array of file paths");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "datasets[" + std::to_string(i) + "]";
    if (!j[i].is_string() || j[i].get<std::string>().empty()) fail(source, where, "must be a file path");
    const std::string path = resolve(j[i].get<std::string>(), base_dir);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) fail(source, where, "no such file: " + path);
    for (size_t k = 0; k < out.size(); ++k)
      if (dataset_stem(out[k]) == dataset_stem(path))
        fail(source, where, "file name '" + dataset_stem(path) + "' repeats datasets[" + std::to_string(k) +
                                "]'s (it names the dataset's folder)");
    out.push_back(path);
  }
  return out;
}

std::vector<uint64_t> read_seeds(const json& j, const std::string& source) {
  const auto bad = [&] { fail(source, "seeds", "must be a non-empty array of distinct non-negative integers"); };
  if (!j.is_array() || j.empty()) bad();
  std::vector<uint64_t> out;
  for (const json& s : j) {
    if (!s.is_number_unsigned()) bad();  // JSON's non-negative integers parse as unsigned
    const uint64_t seed = s.get<uint64_t>();
    if (std::find(out.begin(), out.end(), seed) != out.end()) bad();
    out.push_back(seed);
  }
  return out;
}

// Applies `sets` to `c`, naming the entry (`field`[i]) that does not apply.
void apply_named(TrainConfig& c, const std::vector<std::string>& sets, const std::string& field,
                 const std::string& source) {
  for (size_t i = 0; i < sets.size(); ++i) {
    try {
      apply_override(c, sets[i]);
    } catch (const Error& e) {
      fail(source, field + "[" + std::to_string(i) + "]", e.what());
    }
  }
}

// Builds and validates every run's config, naming the field that breaks one.
void check_run_configs(const GridSpec& spec) {
  for (size_t i = 0; i < spec.algorithms.size(); ++i) {
    const GridAlgorithm& a = spec.algorithms[i];
    const std::string where = "algorithms[" + std::to_string(i) + "]";
    TrainConfig c;
    c.algo = a.algo;
    c.seed = spec.seeds.front();
    apply_named(c, {"threads=" + std::to_string(spec.threads)}, "threads", spec.source);
    apply_named(c, spec.sets, "set", spec.source);
    apply_named(c, a.sets, where + ".set", spec.source);
    try {
      c.validate();
    } catch (const Error& e) {
      fail(spec.source, where + " (" + a.label + ")", e.what());
    }
  }
  if (spec.share_value) {
    try {
      grid_value_config(spec, spec.seeds.front()).validate();
    } catch (const Error& e) {
      fail(spec.source, "share_value", std::string("the shared value runs' config: ") + e.what());
    }
  }
}

}  // namespace

const std::vector<std::string>& grid_spec_keys() {
  static const std::vector<std::string> keys{"out",     "datasets",    "algorithms",  "seeds", "set", "parallel",
                                             "threads", "share_value", "batch_seeds", "slurm"};
  return keys;
}

const std::vector<std::string>& slurm_option_keys() {
  static const std::vector<std::string> keys{"partition", "account", "time", "mem", "cpus_per_task", "gpus_per_task",
                                             "extra"};
  return keys;
}

void set_slurm_option(SlurmOptions& o, const std::string& key, const std::string& value) {
  const auto bad = [&](const std::string& problem) { throw Error(key + ": " + problem); };
  const auto only = [&](const char* chars, const char* what) {
    if (value.empty() || value.find_first_not_of(chars) != std::string::npos) bad(std::string("must be ") + what + ", got '" + value + "'");
  };
  const auto count = [&](int64_t lo) {
    only("0123456789", lo > 0 ? "a positive integer" : "a non-negative integer");
    const int64_t n = std::stoll(value.substr(0, 9));
    if (n < lo) bad("must be at least " + std::to_string(lo));
    return n;
  };
  constexpr const char* kName = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-,";
  if (key == "partition") {
    only(kName, "a partition name");
    o.partition = value;
  } else if (key == "account") {
    only(kName, "an account name");
    o.account = value;
  } else if (key == "time") {
    only("0123456789:-", "a Slurm time such as 04:00:00 or 1-00:00:00");
    o.time = value;
  } else if (key == "mem") {
    only("0123456789KMGTkmgt", "a size such as 8G");
    if (value.find_first_of("0123456789") != 0 || value.find_first_of("KMGTkmgt") < value.size() - 1) bad("must be a size such as 8G, got '" + value + "'");
    o.mem = value;
  } else if (key == "cpus_per_task") {
    o.cpus_per_task = count(1);
  } else if (key == "gpus_per_task") {
    o.gpus_per_task = count(0);
  } else if (key == "extra") {
    if (value.rfind("--", 0) != 0 || value.size() < 3 || value.find_first_of("\n\r'\"\\$`") != std::string::npos)
      bad("must be an sbatch option such as --qos=long, got '" + value + "'");
    o.extra.push_back(value);
  } else {
    bad("unknown key (expected " + key_list(slurm_option_keys()) + ")");
  }
}

GridSpec grid_spec_from_json(const json& j, const std::string& source, const std::string& base_dir) {
  if (!j.is_object()) throw Error("grid spec " + source + ": not a JSON object");
  check_keys(j, grid_spec_keys(), source, "");
  GridSpec spec;
  spec.source = source;
  if (j.contains("slurm")) spec.slurm = read_slurm(j["slurm"], source);
  if (j.contains("out")) {
    if (!j["out"].is_string() || j["out"].get<std::string>().empty()) fail(source, "out", "must be a folder path");
    spec.out = resolve(j["out"].get<std::string>(), base_dir);
  }
  if (!j.contains("datasets")) fail(source, "datasets", "missing");
  spec.datasets = read_datasets(j["datasets"], source, base_dir);
  if (!j.contains("algorithms")) fail(source, "algorithms", "missing");
  spec.algorithms = read_algorithms(j["algorithms"], source);
  if (!j.contains("seeds")) fail(source, "seeds", "missing");
  spec.seeds = read_seeds(j["seeds"], source);
  if (j.contains("set")) spec.sets = overrides(j["set"], "set", source);
  spec.parallel = positive(j, "parallel", 1, source);
  spec.threads = positive(j, "threads", 1, source);
  if (j.contains("share_value")) {
    if (!j["share_value"].is_boolean()) fail(source, "share_value", "must be true or false");
    spec.share_value = j["share_value"].get<bool>();
  }
  if (j.contains("batch_seeds")) {
    if (!j["batch_seeds"].is_boolean()) fail(source, "batch_seeds", "must be true or false");
    spec.batch_seeds = j["batch_seeds"].get<bool>();
  }
  check_run_configs(spec);
  return spec;
}

namespace {

// Keeps the entries of j[key] whose name `wanted` lists (in the spec's order); throws
// "<flag>: '<name>' is not in the spec (it has ...)" for a wanted name no entry has. Leaves a
// malformed j[key] to grid_spec_from_json's checks.
template <class NameOf>
void keep_only(json& j, const char* key, const std::vector<std::string>& wanted, const std::string& flag,
               NameOf name_of) {
  if (wanted.empty() || !j.is_object() || !j.contains(key) || !j[key].is_array()) return;
  json kept = json::array();
  std::vector<std::string> names;
  for (const json& e : j[key]) {
    const std::string name = name_of(e);
    names.push_back(name);
    if (std::find(wanted.begin(), wanted.end(), name) != wanted.end()) kept.push_back(e);
  }
  for (const std::string& w : wanted)
    if (std::find(names.begin(), names.end(), w) == names.end()) {
      std::string all;
      for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
      throw Error(flag + ": '" + w + "' is not in the spec (it has " + all + ")");
    }
  j[key] = kept;
}

// The spec's JSON narrowed to `subset`.
void narrow(json& j, const GridSubset& subset) {
  keep_only(j, "datasets", subset.datasets, "--datasets",
            [](const json& e) { return e.is_string() ? dataset_stem(e.get<std::string>()) : e.dump(); });
  keep_only(j, "algorithms", subset.labels, "--algorithms", [](const json& e) {
    for (const char* k : {"label", "algo"})
      if (e.is_object() && e.contains(k) && e[k].is_string()) return e[k].get<std::string>();
    return e.dump();
  });
  std::vector<std::string> seeds;
  for (uint64_t s : subset.seeds) seeds.push_back(std::to_string(s));
  keep_only(j, "seeds", seeds, "--seeds", [](const json& e) { return e.dump(); });
}

}  // namespace

GridSpec load_grid_spec(const std::string& path, const GridSubset& subset) {
  std::ifstream in(path);
  if (!in) throw Error("grid spec " + path + ": cannot open the file");
  std::stringstream text;
  text << in.rdbuf();
  json j;
  try {
    j = json::parse(text.str(), nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    throw Error("grid spec " + path + ": not valid JSON (" + e.what() + ")");
  }
  narrow(j, subset);
  return grid_spec_from_json(j, path, fs::path(path).parent_path().string());
}

TrainConfig grid_run_config(const GridSpec& spec, const GridAlgorithm& algorithm, uint64_t seed) {
  TrainConfig c;
  c.algo = algorithm.algo;
  c.seed = seed;
  apply_override(c, "threads=" + std::to_string(spec.threads));
  for (const std::string& s : spec.sets) apply_override(c, s);
  for (const std::string& s : algorithm.sets) apply_override(c, s);
  return c;
}

const std::vector<std::string>& grid_value_run_sets() {
  static const std::vector<std::string> sets{"steps=0", "eval_episodes=0", "snapshot_every=0"};
  return sets;
}

TrainConfig grid_value_config(const GridSpec& spec, uint64_t seed) {
  return grid_run_config(spec, GridAlgorithm{.label = "value", .algo = shared_value_algorithm().name, .sets = grid_value_run_sets()}, seed);
}

std::string dataset_stem(const std::string& path) { return fs::path(path).stem().string(); }

}  // namespace vaco::train
